import Database from 'better-sqlite3'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { makeTempDir } from '../support/temp-dir.ts'
import { checkInvariants } from './invariants.ts'
import { AppProcess, kills, runCli, type Note } from './processes.ts'
import { checkRefused, personStep, type PersonExpectations } from './person-steps.ts'
import type { Schedule } from './schedule.ts'
import { startScriptedGateway } from './scripted-gateway.ts'

/** How long the settling phase may take before what is left counts as stuck. */
const SETTLE_DEADLINE_MS = 40_000

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Payouts neither final nor waiting for a person (what the settling phase waits for). */
function openCount(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    db.pragma('busy_timeout = 5000')
    return db
      .prepare(
        "SELECT count(*) FROM payouts WHERE attention IS NULL AND status NOT IN ('succeeded', 'failed', 'rejected', 'cancelled')",
      )
      .pluck()
      .get() as number
  } finally {
    db.close()
  }
}

/** Payouts waiting for the owner's release. */
function heldCount(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    db.pragma('busy_timeout = 5000')
    return db
      .prepare("SELECT count(*) FROM payouts WHERE status = 'draft' AND held_for IS NOT NULL")
      .pluck()
      .get() as number
  } finally {
    db.close()
  }
}

function references(file: string): Set<string> {
  const db = new Database(file, { readonly: true })
  try {
    return new Set(db.prepare('SELECT reference FROM payouts').pluck().all() as string[])
  } finally {
    db.close()
  }
}

export interface ScheduleResult {
  broken: string[]
  story: string[]
}

/**
 * Runs one schedule: the app process and CLI commands on one ledger against the scripted gateway,
 * SIGKILLs and restarts as scheduled; then the gateway calms down, the app settles what it can, and the
 * invariants are checked against the gateway's books.
 */
/**
 * A person at the CLI deciding what only asks or sends again under the same reference (the decisions
 * that claim no fact about the gateway): the item and the action are chosen by `pick`.
 */
async function decide(dataDir: string, url: string, pick: number, killAfterMs: number | null, note: Note) {
  const listed = await runCli(dataDir, url, 'attention --json', null, note)
  if (listed.code !== 0) return
  const choices = (
    JSON.parse(listed.stdout) as { reference: string; actions: string[]; version: number }[]
  ).flatMap((i) =>
    i.actions
      .filter((a) => a === 'ask' || a === 'resend')
      // The version the person saw: a payout that moved on since is refused.
      .map((a) => `resolve ${i.reference} --action ${a} --version ${i.version} --yes`),
  )
  const command = choices[Math.floor(pick * choices.length)]
  if (command) await runCli(dataDir, url, command, killAfterMs, note)
}

/**
 * `payout-desk attention --json` must list exactly the payouts the ledger holds for a person, each with
 * the actions the queue offers (when this CLI has the command).
 */
async function checkAttentionCli(
  dataDir: string,
  url: string,
  ledgerFile: string,
  note: Note,
): Promise<string[]> {
  const { code, stdout, stderr } = await runCli(dataDir, url, 'attention --json', null, note)
  if (code !== 0) return [`payout-desk attention --json exited ${code}: ${stderr.trim()}`]
  const items = JSON.parse(stdout) as { reference: string; actions: string[] }[]
  const db = new Database(ledgerFile, { readonly: true })
  try {
    const held = db
      .prepare('SELECT reference FROM payouts WHERE attention IS NOT NULL')
      .pluck()
      .all() as string[]
    const listed = items.map((i) => i.reference)
    const broken = [
      ...held.filter((r) => !listed.includes(r)),
      ...listed.filter((r) => !held.includes(r)),
    ].map((r) => `${r}: the ledger's attention column and \`payout-desk attention --json\` disagree`)
    for (const i of items)
      if (i.actions.length === 0) broken.push(`${i.reference}: listed by the CLI with no action`)
    return broken
  } finally {
    db.close()
  }
}

export async function runSchedule(
  schedule: Schedule,
  options: { attentionCli?: boolean } = {},
): Promise<ScheduleResult> {
  const tmp = makeTempDir('payout-desk-sim-')
  const t0 = Date.now()
  const story: string[] = []
  const note: Note = (line) => story.push(`${String(Date.now() - t0).padStart(6)} ms  ${line}`)
  const gateway = await startScriptedGateway(schedule.seed, schedule.knobs)
  const dataDir = join(tmp.dir, 'data')
  const ledgerFile = join(dataDir, 'ledger.sqlite3')
  const plan = {
    ...schedule.app,
    dataDir,
    gatewayUrl: gateway.url,
    listenerPort: await freePort(),
  }
  const app = new AppProcess(plan, note)
  const clis: Promise<unknown>[] = []
  const expectations: PersonExpectations = { refused: [], broken: [] }
  const person = { dataDir, url: gateway.url, note, schedule, books: gateway.books, expect: expectations }
  kills.length = 0
  try {
    const ready = await app.start()
    if (!ready) throw new Error('the app process did not start')
    gateway.setBluepayNotifyUrl(`${ready.listener}/${ready.bluepay}`)
    const start = Date.now()
    const restarts: Promise<unknown>[] = []
    for (const step of schedule.steps) {
      await sleep(Math.max(0, start + step.at - Date.now()))
      switch (step.kind) {
        case 'cli':
          clis.push(runCli(dataDir, gateway.url, step.command, step.killAfterMs, note))
          break
        case 'kill-app':
          if (!app.alive) break
          await app.kill()
          restarts.push(sleep(step.restartAfterMs).then(() => (app.alive ? null : app.start())))
          break
        case 'decide':
          clis.push(decide(dataDir, gateway.url, step.pick, step.killAfterMs, note))
          break
        case 'retry':
        case 'refresh':
          note(`app: ${step.kind}`)
          void app.command(step.kind)
          break
        default:
          clis.push(personStep(person, step))
      }
    }
    await Promise.all([...restarts, ...clis])

    note('gateway calms down; settling')
    gateway.calm()
    while (gateway.openRequests() > 0) await sleep(50)
    if (!app.alive) await app.start()
    // The owner releases what still waits, so that everything can settle.
    if (schedule.app.limit) await personStep(person, { at: 0, kind: 'release' })
    await runCli(dataDir, gateway.url, 'resume --all', null, note)
    // Each settling has its own time: the second one (after Retry) had none left when the first waited out
    // payouts the app wrote over the limit after the owner's release (seed 12038).
    const settle = async () => {
      const deadline = Date.now() + SETTLE_DEADLINE_MS
      for (let quiet = 0; quiet < 2 && Date.now() < deadline;) {
        await sleep(Math.max(300, gateway.settledBy() - Date.now()))
        // The owner releases what waits over a limit, also what was written since the last release.
        if (schedule.app.limit && heldCount(ledgerFile) > 0)
          await personStep(person, { at: 0, kind: 'release' })
        await app.command('refresh')
        const settled = gateway.pendingCallbacks() === 0 && openCount(ledgerFile) === 0
        quiet = settled ? quiet + 1 : 0
      }
    }
    await settle()
    // The person then pays again what the ledger says was not paid ("Retry failed"), and it settles.
    note('app: retry')
    await app.command('retry')
    // What Retry wrote over a limit waits for the owner, who releases it while it settles.
    await settle()
    await app.command('stop')
    note('app stopped')
    const broken = [...app.errors.map((e) => `the app could not do its part: ${e}`)]
    broken.push(...checkInvariants(ledgerFile, gateway.books, kills))
    broken.push(...checkRefused(expectations, gateway.books, references(ledgerFile)))
    if (options.attentionCli)
      broken.push(...(await checkAttentionCli(dataDir, gateway.url, ledgerFile, note)))
    story.push('gateway requests:')
    for (const r of gateway.requests)
      story.push(`${String(r.at - t0).padStart(6)} ms  ${r.provider} ${r.endpoint} ${r.reference}: ${r.what}`)
    return { broken, story }
  } finally {
    await app.kill()
    await Promise.allSettled(clis)
    await gateway.close()
    if (process.env.SIM_KEEP) note(`kept ${tmp.dir}`)
    else tmp.cleanup()
  }
}
