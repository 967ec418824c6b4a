// `npm run sandbox`: the built-in sandbox gateway on its own, for trying the app or scripting against it.
import { parseArgs } from 'node:util'
import { runStandaloneSandbox } from './run-standalone.ts'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4010' },
    'settle-ms': { type: 'string', default: '3000' },
    'bluepay-notify-url': { type: 'string' },
  },
})

const settleAfterMs = Number(values['settle-ms'])
if (!Number.isFinite(settleAfterMs) || settleAfterMs < 0) {
  process.stderr.write('--settle-ms takes a number of milliseconds (0 or more).\n')
  process.exit(2)
}

const sandbox = await runStandaloneSandbox(
  {
    host: values.host,
    port: Number(values.port),
    settleAfterMs,
    bluepayNotifyUrl: values['bluepay-notify-url'] ?? null,
  },
  (text) => process.stdout.write(text),
)
process.once('SIGINT', () => void sandbox.close().then(() => process.exit(0)))
process.once('SIGTERM', () => void sandbox.close().then(() => process.exit(0)))
