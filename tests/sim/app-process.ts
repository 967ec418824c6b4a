// The app's main-process services in a process of their own, as Electron's main runs them (poll on,
// callback listener on), for the simulation: sends its single payouts and its batch, then obeys one-word
// commands on stdin ("retry", "refresh", "stop") and says "did <command>" when done.
// Run as: node tests/sim/app-process.ts '<AppPlan as JSON>'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { RETRYABLE_STATUSES } from '../../shared/domain/payout-status.ts'
import { listProfiles } from '../../electron/ledger/profiles-repo.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { draftPayouts } from '../../electron/payouts/draft-payout.ts'
import { idsWithStatus } from '../../electron/ledger/payout-store.ts'
import { startBatch } from '../../electron/actions/batches.ts'
import { makePayout } from '../../electron/actions/make-payout.ts'
import { batchIsHeld } from '../../electron/payouts/release-limits.ts'
import { limitsView, setLimits } from '../../electron/actions/release.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import { retryPayout } from '../../electron/actions/retry.ts'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { idrFields, thbBankFields } from '../support/sandbox-clients.ts'
import { SIM_PASSPHRASE, type AppPlan } from './schedule.ts'

const plan = JSON.parse(process.argv[2] ?? '') as AppPlan
const errors: string[] = []
const services = await createServices({
  appVersion: 'sim',
  dataDir: plan.dataDir,
  sandbox: { url: plan.gatewayUrl },
  poll: true,
  pollIntervalMs: plan.pollIntervalMs,
  engine: plan.engine,
  checkpointWorker: fileURLToPath(new URL('../../electron/ledger/checkpoint-worker.ts', import.meta.url)),
  hooks: { onError: (where, error) => errors.push(`${where}: ${String(error)}`) },
})
const { ledger: db } = services
// Switched on as the person does in Settings: the window's handler also saves the choice, which the
// command line reads to name this listener for the payouts it makes.
await createHandlers(
  services,
  () => undefined,
  (where, error) => errors.push(`${where}: ${String(error)}`),
).setCallbackListener({ enabled: true, host: '127.0.0.1', port: plan.listenerPort, behindProxy: false })
const profiles = listProfiles(db)
const profileOf = (provider: string) => {
  const found = profiles.find((p) => p.provider === provider)
  if (!found) throw new Error(`no ${provider} profile`)
  return found
}
process.stdout.write(
  `ready ${JSON.stringify({ vexora: profileOf('vexora').id, bluepay: profileOf('bluepay').id, listener: services.listener()?.url })}\n`,
)
await services.ready
// The owner's per-payout limit, set once before anything is paid (a restart finds it set).
if (plan.limit) {
  const profileId = profileOf(plan.limit.provider).id
  if (!(await limitsView(services, profileId)).hasPassphrase)
    await setLimits(services, profileId, {
      perPayout: plan.limit.perPayoutMinor,
      perDay: null,
      next: SIM_PASSPHRASE,
    })
}

const track = (work: Promise<unknown>) => void work.catch((error: unknown) => errors.push(String(error)))
const later = (ms: number, run: () => void) => setTimeout(run, ms).unref()
const fieldsFor = (p: { provider: string; account: string; name: string }) =>
  p.provider === 'vexora' ? idrFields(p.account, p.name) : thbBankFields(p.account, p.name)
/** What the app refused to do is the simulation's failure, not a crash of the app process. */
const guarded = (what: string, work: () => unknown) => () => {
  Promise.resolve()
    .then(work)
    .catch((error: unknown) => process.stdout.write(`error ${what}: ${String(error)}\n`))
}

// A person confirming a single payout in New payout (again, after a restart: the same key is the same
// payout), through the make-a-payout action as the window's createPayout does; it sends in the background.
for (const single of plan.singles) {
  later(
    single.afterMs,
    guarded(`single ${single.reference}`, async () => {
      const profile = profileOf(single.provider)
      const made = await makePayout(services, {
        profileId: profile.id,
        amount: minorToDecimalString(single.amountMinor, profile.provider === 'vexora' ? 'IDR' : 'THB'),
        fields: fieldsFor(single),
        reference: single.reference,
        idempotencyKey: single.key,
      })
      track(made.sent)
    }),
  )
}

const batch = plan.batch
if (batch) {
  later(
    batch.afterMs,
    guarded('batch', () => {
      const profile = profileOf(batch.provider)
      const first = batch.payouts[0]?.reference ?? ''
      if (db.prepare('SELECT 1 FROM payouts WHERE reference = ?').get(first)) return
      const batchId = db.transaction(() => {
        const id = createBatch(db, profile.id, 'sim.csv', null)
        draftPayouts(
          db,
          profile.id,
          batch.payouts.map((p) => ({
            amountMinor: p.amountMinor,
            fields: fieldsFor(p),
            reference: p.reference,
            batchId: id,
          })),
        )
        return id
      })()
      // A batch over the limit waits for the owner's release, as the window shows it.
      if (batchIsHeld(db, batchId)) return
      track(startBatch(services, services.batches, batchId).then(() => services.batches.finished(batchId)))
    }),
  )
}

/**
 * "Retry failed" as the window does it, on every payout known not to have paid and not retried yet: the
 * gateway is asked about each once more, and one that now waits for a person's decision is left to them.
 */
async function retryAll(): Promise<void> {
  for (const id of idsWithStatus(db, RETRYABLE_STATUSES)) {
    if (
      db.prepare('SELECT 1 FROM payouts WHERE retry_of = ? OR (id = ? AND attention IS NOT NULL)').get(id, id)
    )
      continue
    // The Retry action: paid again only on a definite answer; a refusal leaves it for a later try.
    const again = await retryPayout(services, id).catch(() => null)
    if (again) track(again.sent)
  }
}

const commands: Record<string, () => Promise<unknown>> = {
  retry: () => retryAll().catch((error: unknown) => process.stdout.write(`error retry: ${String(error)}\n`)),
  refresh: () => services.poller.refreshAllPending(),
  stop: async () => {
    // As main quits (will-quit): close() itself must let what is in flight finish and be written.
    await services.close()
    if (errors.length) process.stderr.write(`${errors.join('\n')}\n`)
    process.stdout.write('did stop\n')
    process.exit(0)
  },
}
// The simulation gone (its end of stdin closed): nothing is left to obey, so this process goes too.
process.stdin.once('end', () => process.exit(0))
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = commands[line.trim()]
  if (!command) return
  command().then(
    () => process.stdout.write(`did ${line.trim()}\n`),
    (error: unknown) => process.stdout.write(`failed ${line.trim()} ${String(error)}\n`),
  )
})
