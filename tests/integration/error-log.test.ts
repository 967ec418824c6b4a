import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { parsePrivateKey } from '../../electron/providers/bluepay/sign.ts'
import { vexoraSign } from '../../electron/providers/vexora/sign.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import { createKeychainSecretStore } from '../../electron/secrets/secret-store.ts'
import { createErrorLog, type ErrorLog } from '../../electron/services/error-log.ts'
import { createServices, type Services } from '../../electron/services/create-services.ts'
import { ipcCaller } from '../support/ipc-call.ts'
import { runCli } from '../support/run-cli.ts'
import { idrFields, thbBankFields } from '../support/sandbox-clients.ts'
import { scriptedFiles } from '../support/scripted-files.ts'
import { makeTempDir } from '../support/temp-dir.ts'

let tmp: ReturnType<typeof makeTempDir>
let sandbox: Sandbox
let errorLog: ErrorLog
let services: Services
const files = () => scriptedFiles(tmp.dir)
let scripted: ReturnType<typeof files>
const { call, refusal } = ipcCaller(() => createHandlers(services, () => undefined, errorLog.write))
const mode = (path: string) => statSync(path).mode & 0o777

beforeEach(async () => {
  tmp = makeTempDir()
  sandbox = await startSandbox({ settleAfterMs: 100, callbackRetryDelaysMs: [] })
  errorLog = createErrorLog(tmp.dir)
  scripted = files()
  services = await createServices({
    appVersion: 't',
    dataDir: tmp.dir,
    secrets: createKeychainSecretStore(`Payout Desk test ${tmp.dir}`),
    sandbox: false,
    poll: false,
    files: scripted.port,
    errorLog,
  })
})
afterEach(async () => {
  for (const p of await call('listProfiles')) if (!p.builtin) await call('deleteSecret', { profileId: p.id })
  await services.close()
  await sandbox.close()
  tmp.cleanup()
})

/** Secrets and personal data as careless code and gateways hand them to a log, and what must not show. */
function kindsOfLeak() {
  const signature = randomBytes(512).toString('base64')
  const wrapped = signature.match(/.{1,64}/g)?.join('\n') ?? ''
  const tail = signature.slice(-(signature.length % 64 || 64))
  const secrets = {
    passphrase: 'correct horse battery staple',
    appKey: 'AK-1a2b3c4d5e',
    privateKey: 'pk-not-a-pem-9z8y',
    fileSecret: 'from-a-profile-file-31337',
    bodySign: 'Sig-From-Body-424242',
  }
  return {
    object: {
      profile: { Passphrase: secrets.passphrase, nested: { PrivateKey: secrets.privateKey } },
      request: { appKey: secrets.appKey, amount: 150000 },
    },
    text:
      `profile file {"app_secret":"${secrets.fileSecret}","appKey":"${secrets.appKey}"} ` +
      `body {\\"sign\\":\\"${secrets.bodySign}\\"} APPKEY=${secrets.appKey} passphrase="${secrets.passphrase}" ` +
      `signature:\n${wrapped}\nfor bankAccountNo 0012345678, account 1234567890, "accountNo":"9876543210123", ` +
      `phone +62 812-3456-7890, mobile 081298765432, e-mail siti.rahma@example.com`,
    needles: [
      ...Object.values(secrets),
      tail,
      signature.slice(64, 128),
      '0012345678',
      '1234567890',
      '9876543210123',
      '812-3456-7890',
      '081298765432',
      'siti.rahma@',
      'rahma@example',
    ],
  }
}

describe('the error log', () => {
  it('holds main’s errors, and never a secret or signature in any spelling', async () => {
    const vexoraSecret = sandbox.credentials.vexora.secret
    const merchantKey = sandbox.credentials.bluepay.merchantPrivateKeyPem
    const v = await call('saveProfile', {
      name: 'Real-shaped Vexora',
      provider: 'vexora',
      area: 'ID',
      environment: 'sandbox',
      baseUrl: sandbox.vexoraBaseUrl('id'),
      merchantId: sandbox.credentials.vexora.merchantNo,
      notifyUrl: 'http://127.0.0.1:9/cb',
    })
    const b = await call('saveProfile', {
      name: 'Real-shaped BluePay',
      provider: 'bluepay',
      area: 'TH',
      environment: 'sandbox',
      baseUrl: sandbox.bluepayBaseUrl,
      merchantId: sandbox.credentials.bluepay.appId,
      gatewayPublicKey: sandbox.credentials.bluepay.bluepayPublicKeyPem,
    })
    await call('setSecret', { profileId: v.id, secret: vexoraSecret })
    await call('setSecret', { profileId: b.id, secret: merchantKey })
    // Gateways misbehaving: the engine signs (revealing the secrets) and main logs what went wrong.
    sandbox.faults.add({ mode: 'malformed', times: 10 })
    await call('createPayout', {
      profileId: v.id,
      amount: '20000',
      fields: idrFields(),
      idempotencyKey: randomUUID(),
    })
    await call('createPayout', {
      profileId: b.id,
      amount: '10.00',
      fields: thbBankFields(),
      idempotencyKey: randomUUID(),
    })
    await call('refreshPayouts', { allPending: true })

    // And a careless error carrying them: in clear, encoded, inside a signed body, a PEM in JSON.
    const der = parsePrivateKey(merchantKey).export({ type: 'pkcs8', format: 'der' })
    const signed = { tradeNo: 'T1', amount: '1', timestamp: '1' }
    const signature = vexoraSign(signed, vexoraSecret)
    const bluepaySig = sandbox.context.bluepay.bluepayPrivateKey.export({ type: 'pkcs8', format: 'der' })
    errorLog.write('careless', new Error(`secret ${vexoraSecret} in the message`))
    errorLog.write('careless', {
      base64: Buffer.from(vexoraSecret).toString('base64'),
      hex: Buffer.from(vexoraSecret).toString('hex'),
      key: merchantKey,
      derHex: der.toString('hex'),
    })
    errorLog.write(
      'careless',
      new Error('gateway said no', {
        cause: new Error(`request ${JSON.stringify({ ...signed, sign: signature })} sign=${signature}`),
      }),
    )
    errorLog.write(
      'careless',
      JSON.stringify({ param: '{"a":1}', sign: bluepaySig.toString('base64').slice(0, 684) }),
    )

    const text = readdirSync(errorLog.folder)
      .map((name) => readFileSync(join(errorLog.folder, name), 'utf8'))
      .join('\n')
    expect(text).toContain('[careless] Error: secret [redacted] in the message')
    expect(text).toContain('caused by: Error: request')
    expect(text).toContain('"sign":"[redacted]"')
    const pemBody = merchantKey
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('')
    const needles = [
      vexoraSecret,
      Buffer.from(vexoraSecret).toString('base64'),
      Buffer.from(vexoraSecret).toString('hex'),
      pemBody.slice(100, 164),
      der.toString('hex').slice(200, 264),
      signature,
      bluepaySig.toString('base64').slice(100, 164),
    ]
    for (const needle of needles)
      expect(text.includes(needle), `the log holds ${needle.slice(0, 8)}…`).toBe(false)
    expect(mode(errorLog.folder)).toBe(0o700)
    expect(mode(errorLog.file)).toBe(0o600)
  })

  it('holds no secret by field name or letter case, no wrapped signature tail, and no full account, phone or e-mail', async () => {
    const v = await call('saveProfile', {
      name: 'Careless Vexora',
      provider: 'vexora',
      area: 'ID',
      environment: 'sandbox',
      baseUrl: sandbox.vexoraBaseUrl('id'),
      merchantId: sandbox.credentials.vexora.merchantNo,
      notifyUrl: 'http://127.0.0.1:9/cb',
    })
    const keychainSecret = 'kc-Secret-7f3a9QzX'
    await call('setSecret', { profileId: v.id, secret: keychainSecret })
    const leaks = kindsOfLeak()
    errorLog.write('careless', leaks.object)
    errorLog.write('careless', new Error(leaks.text))
    errorLog.write('careless', new Error(`gateway answered ${keychainSecret.toUpperCase()} back`))

    const text = readFileSync(errorLog.file, 'utf8')
    for (const needle of [...leaks.needles, keychainSecret.toUpperCase()])
      expect(text.includes(needle), `the log holds ${needle}`).toBe(false)
    // What support needs stays: the field names and the last four characters.
    expect(text).toContain('"appKey":"[redacted]"')
    expect(text).toContain('***7890')
    expect(text).toContain('***.com')
  })

  it('the CLI prints errors to stderr redacted the same way', async () => {
    const leaks = kindsOfLeak()
    const run = await runCli(['--data-dir', join(tmp.dir, 'cli'), 'list', '--status', leaks.text])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('is not one of them')
    for (const needle of leaks.needles)
      expect(run.stderr.includes(needle), `stderr holds ${needle}`).toBe(false)
  })

  it('rotates: the current file is moved aside when it passes its size', () => {
    const small = createErrorLog(join(tmp.dir, 'small'), { maxBytes: 2_000 })
    for (let i = 0; i < 60; i += 1) small.write('loop', new Error(`failure number ${i}`))
    const names = readdirSync(small.folder).sort()
    expect(names).toEqual(['main.log', 'main.old.log'])
    expect(statSync(small.file).size).toBeLessThan(4_000)
    expect(readFileSync(small.file, 'utf8')).toContain('failure number 59')
  })

  it('writes an error that fails many payouts at once once, then how often it came again', () => {
    const burst = createErrorLog(join(tmp.dir, 'burst'))
    const unreachable = new Error('The gateway cannot be reached (connect ECONNREFUSED 127.0.0.1:1)')
    for (let i = 0; i < 450; i += 1) burst.write(`payout P${i}`, unreachable)
    burst.write('poller', new Error('something else'))
    const lines = readFileSync(burst.file, 'utf8')
    expect(lines.match(/ECONNREFUSED/g)).toHaveLength(1)
    expect(lines).toContain('[payout P0] Error: The gateway cannot be reached')
    expect(lines).toContain('[repeated] the error above 449 more times (last: payout P449)')
    expect(lines).toContain('[poller] Error: something else')
  })

  it('is opened from Settings through main, in the system file manager', async () => {
    expect(await call('openLogFolder')).toEqual({ opened: true })
    expect(scripted.opened).toEqual([errorLog.folder])
    await services.close()
    services = await createServices({ appVersion: 't', dataDir: tmp.dir, sandbox: false, poll: false })
    expect(await refusal('openLogFolder')).toMatchObject({ code: 'NOT_FOUND' })
  })
})
