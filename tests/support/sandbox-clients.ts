import { createBluePayClient } from '../../electron/providers/bluepay/client.ts'
import type { ProviderConfig } from '../../electron/providers/types.ts'
import { createVexoraClient } from '../../electron/providers/vexora/client.ts'
import type { Sandbox } from '../../electron/sandbox/server.ts'

export function vexoraConfig(sandbox: Sandbox, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    baseUrl: sandbox.vexoraBaseUrl('id'),
    merchantId: sandbox.credentials.vexora.merchantNo,
    area: 'ID',
    notifyUrl: 'http://127.0.0.1:9/unused',
    gatewayPublicKey: null,
    timeoutMs: 2_000,
    ...overrides,
  }
}

export function vexoraClient(sandbox: Sandbox, overrides: Partial<ProviderConfig> = {}, now?: () => number) {
  return createVexoraClient(
    vexoraConfig(sandbox, overrides),
    sandbox.credentials.vexora.secret,
    now ? { now } : {},
  )
}

export function bluepayConfig(sandbox: Sandbox, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    baseUrl: sandbox.bluepayBaseUrl,
    merchantId: sandbox.credentials.bluepay.appId,
    area: 'TH',
    notifyUrl: null,
    gatewayPublicKey: sandbox.credentials.bluepay.bluepayPublicKeyPem,
    timeoutMs: 2_000,
    ...overrides,
  }
}

export function bluepayClient(sandbox: Sandbox, overrides: Partial<ProviderConfig> = {}, now?: () => number) {
  return createBluePayClient(
    bluepayConfig(sandbox, overrides),
    sandbox.credentials.bluepay.merchantPrivateKeyPem,
    now ? { now } : {},
  )
}

export const idrFields = (account = '1234567890', name = 'Siti Rahma') => ({
  bankCode: '0002',
  bankAccountNo: account,
  customerName: name,
  mobile: '081234567890',
  email: 'siti@example.com',
})

export const thbBankFields = (account = '1234567890', name = 'Somchai Jaidee') => ({
  payMethodCode: 'BANK',
  transferCode: 'KBANK',
  accountNo: account,
  accountName: name,
  accountType: 'INDIVIDUAL',
  accountTaxId: '1234567890123',
  mobile: '0812345678',
})
