import { relative } from 'node:path'
import { DEFAULT_SANDBOX_KEY_DIR } from './credentials.ts'
import { FAULT_MODES } from './faults.ts'
import { startSandbox, type Sandbox } from './server.ts'

export interface StandaloneOptions {
  host: string
  port: number
  settleAfterMs: number
  bluepayNotifyUrl: string | null
  /** Print only this gateway's details. */
  provider?: 'vexora' | 'bluepay'
}

/** Starts the sandbox on its own and prints what a person needs to point a profile at it. */
export async function runStandaloneSandbox(
  options: StandaloneOptions,
  out: (text: string) => void,
): Promise<Sandbox> {
  const sandbox = await startSandbox({
    host: options.host,
    port: options.port,
    settleAfterMs: options.settleAfterMs,
    bluepayNotifyUrl: options.bluepayNotifyUrl,
  })
  const keys = relative(process.cwd(), DEFAULT_SANDBOX_KEY_DIR)
  const { vexora, bluepay } = sandbox.credentials
  const vexoraText = `Vexora    base URL  ${sandbox.vexoraBaseUrl('id')}  (Indonesia, IDR)   ${sandbox.vexoraBaseUrl('th')}  (Thailand, THB)
          merchantNo ${vexora.merchantNo}
          app secret ${vexora.secret}
`
  const bluepayText = `BluePay   base URL  ${sandbox.bluepayBaseUrl}  (Thailand, THB)
          appId      ${bluepay.appId}
          private key ${keys}/merchant-private-key.pem   BluePay public key: derived from ${keys}/bluepay-private-key.pem
          callbacks  ${options.bluepayNotifyUrl ?? 'off (start with --bluepay-notify-url URL)'}
`
  out(`Payout Desk sandbox gateway (test money only) at ${sandbox.url}

${options.provider === 'bluepay' ? '' : vexoraText}${options.provider === 'vexora' ? '' : bluepayText}
Outcomes  account number ending in 000 → failed; name containing REVIEW → unknown status (needs review);
          anything else → succeeded, after ${options.settleAfterMs} ms pending.
Faults    POST ${sandbox.url}/__sandbox/faults  {"mode": "${FAULT_MODES.join('|')}", "provider"?, "endpoint"?: "create|query|balance", "times"?, "delayMs"?}
Orders    GET  ${sandbox.url}/__sandbox/orders
Press Ctrl-C to stop.
`)
  return sandbox
}
