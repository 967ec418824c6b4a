// `npm run sandbox`: the built-in sandbox gateway on its own, for trying the app or scripting against it.
import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_SANDBOX_KEY_DIR } from './credentials.ts'
import { FAULT_MODES } from './faults.ts'
import { startSandbox } from './server.ts'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4010' },
    'settle-ms': { type: 'string', default: '3000' },
    'bluepay-notify-url': { type: 'string' },
  },
})

const sandbox = await startSandbox({
  host: values.host,
  port: Number(values.port),
  settleAfterMs: Number(values['settle-ms']),
  bluepayNotifyUrl: values['bluepay-notify-url'] ?? null,
})
const keys = relative(process.cwd(), DEFAULT_SANDBOX_KEY_DIR)
const { vexora, bluepay } = sandbox.credentials
process.stdout.write(`Payout Desk sandbox gateway (test money only) at ${sandbox.url}

Vexora    base URL  ${sandbox.vexoraBaseUrl('id')}  (Indonesia, IDR)   ${sandbox.vexoraBaseUrl('th')}  (Thailand, THB)
          merchantNo ${vexora.merchantNo}
          app secret ${vexora.secret}
BluePay   base URL  ${sandbox.bluepayBaseUrl}  (Thailand, THB)
          appId      ${bluepay.appId}
          private key ${keys}/merchant-private-key.pem   BluePay public key: derived from ${keys}/bluepay-private-key.pem
          callbacks  ${values['bluepay-notify-url'] ?? 'off (pass --bluepay-notify-url URL)'}

Outcomes  account number ending in 000 → failed; name containing REVIEW → unknown status (needs review);
          anything else → succeeded, after ${values['settle-ms']} ms pending.
Faults    POST ${sandbox.url}/__sandbox/faults  {"mode": "${FAULT_MODES.join('|')}", "provider"?, "endpoint"?: "create|query|balance", "times"?, "delayMs"?}
Orders    GET  ${sandbox.url}/__sandbox/orders
Press Ctrl-C to stop.
`)

process.once('SIGINT', () => void sandbox.close().then(() => process.exit(0)))
process.once('SIGTERM', () => void sandbox.close().then(() => process.exit(0)))
