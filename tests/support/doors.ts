import Database from 'better-sqlite3'
import { afterEach, beforeEach } from 'vitest'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHandlers } from '../../electron/ipc/handlers.ts'
import { startSandbox, type Sandbox } from '../../electron/sandbox/server.ts'
import {
  createServices,
  type ServiceOptions,
  type Services,
} from '../../electron/services/create-services.ts'
import type { AttentionAction } from '../../shared/domain/attention.ts'
import type { ImportView } from '../../shared/ipc/import-contract.ts'
import { eventually } from './eventually.ts'
import { ipcCaller } from './ipc-call.ts'
import { runCli } from './run-cli.ts'
import { scriptedFiles, type ScriptedFiles } from './scripted-files.ts'
import { makeTempDir } from './temp-dir.ts'

/**
 * The two doors a person can use on the same rule book: the window (the real IPC handler table) and the
 * command line (a spawned `payout-desk`). A scenario is written once against `Door` and run through
 * each; the door-parity suite then asserts that both end with the same outcome, the same ledger rows and
 * the same orders at the gateway.
 */

/** What a person's request came to: done, or refused with the error's code (and nothing else moved). */
export type Outcome = { ok: true } | { ok: false; code: string; message: string }

/** What the person at this door explicitly accepts (a tick per row in the window, a flag at the CLI). */
export interface Acceptances {
  duplicates?: boolean
  /** The whole file again, though it was imported before (said apart from the rows' repeats). */
  repeatFile?: boolean
  accountChanges?: boolean
}

export interface Door {
  readonly name: 'window' | 'cli'
  /** Imports a CSV and sends it, accepting what the person accepts, as each door lets them. */
  sendFile(fileName: string, csv: string, accept?: Acceptances): Promise<Outcome>
  /** Asks the gateway about every payout that is not final yet (Refresh / `refresh --all`). */
  refresh(): Promise<Outcome>
  /** Starts sending a batch again (the window's Send / `payout-desk resume`). */
  resume(batchId: string): Promise<Outcome>
  /** Pays one payout again as a new linked payout (Retry), by its reference. */
  retry(reference: string): Promise<Outcome>
  /** Pays a batch's failed payouts again (the batch's Retry / `retry --batch`), then sends them. */
  retryBatch(batchId: string): Promise<Outcome>
  /**
   * One payout (New payout / `payout-desk pay`), accepting an account change when told. With `again`,
   * the same payout is confirmed a second time with that amount (the same confirmation in the window, the
   * same --reference at the command line); the outcome is the second one's.
   */
  pay(
    fields: Record<string, string>,
    amount: string,
    accept?: Acceptances & { again?: string },
  ): Promise<Outcome>
  /** Cancels what waits for release in a batch (the release card's Cancel / `cancel --batch`). */
  cancelBatch(batchId: string): Promise<Outcome>
  /** Releases a held batch with the set-up's passphrase (the release card / `release BATCH`). */
  release(batchId: string): Promise<Outcome>
  /**
   * Decides about a payout in Needs your decision (the card's buttons / `resolve`), at the version the
   * queue showed, or at an older one when `seen` is 'older' (the person looked before it moved on).
   */
  decide(reference: string, action: AttentionAction, how: { note?: string; seen?: 'older' }): Promise<Outcome>
  /**
   * Points a profile at another merchant number (Settings → Payout profiles / `profile edit`), with the
   * new account's secret in the same change when given.
   */
  moveProfile(name: string, merchantNo: string, secret?: string): Promise<Outcome>
  /** Waits until nothing of this ledger is queued or being sent. */
  settle(): Promise<void>
  close(): Promise<void>
}

export interface World {
  dataDir: string
  sandbox: Sandbox
  profileName: string
}

export const SANDBOX_PROFILE = 'Vexora sandbox (Indonesia)'

export async function makeWorld(dir: string): Promise<World> {
  mkdirSync(dir, { recursive: true })
  const sandbox = await startSandbox({ port: 0, settleAfterMs: 0, callbackRetryDelaysMs: [] })
  return { dataDir: join(dir, 'data'), sandbox, profileName: SANDBOX_PROFILE }
}

const refused = (error: unknown): Outcome => {
  const message = error instanceof Error ? error.message : String(error)
  const code = /^([A-Z_]+): /.exec(message)?.[1] ?? 'ERROR'
  return { ok: false, code, message }
}

function openCount(dataDir: string): number {
  if (!existsSync(join(dataDir, 'ledger.sqlite3'))) return 0
  const db = new Database(join(dataDir, 'ledger.sqlite3'), { readonly: true })
  try {
    return (
      db
        // A payout whose answer is written may still be held until its send lets go: a Refresh then
        // skips it, as it should, so settled means let go too.
        .prepare(
          "SELECT count(*) FROM payouts WHERE status IN ('queued', 'submitting') OR lease_owner IS NOT NULL",
        )
        .pluck()
        .get() as number
    )
  } finally {
    db.close()
  }
}

const settled = (world: World) =>
  eventually(() => openCount(world.dataDir) === 0, 60_000, 100).then(() => undefined)

/** A fresh world (data folder, sandbox) for each test of the calling file, closed after it. */
export function worldPerTest(): () => World {
  let tmp: ReturnType<typeof makeTempDir> | undefined
  let world: World | undefined
  beforeEach(async () => {
    tmp = makeTempDir()
    world = await makeWorld(tmp.dir)
  })
  afterEach(async () => {
    await world?.sandbox.close()
    tmp?.cleanup()
  })
  return () => {
    if (!world) throw new Error('the world exists only inside a test')
    return world
  }
}

/**
 * The app's services on a world's folder, as a start of the app opens them (no poller), with the handler
 * table the window calls and scripted file dialogs. `profileId` reads the world's profile when asked, so
 * a profile a test adds later is found.
 */
export async function openWindow(world: World, options: Partial<ServiceOptions> = {}) {
  const files: ScriptedFiles = scriptedFiles(world.dataDir)
  const services: Services = await createServices({
    appVersion: 'test',
    dataDir: world.dataDir,
    sandbox: { url: world.sandbox.url },
    files: files.port,
    poll: false,
    ...options,
  })
  const profileId = () =>
    services.ledger.prepare('SELECT id FROM profiles WHERE name = ?').pluck().get(world.profileName) as string
  return { services, files, profileId, ...ipcCaller(() => createHandlers(services, () => undefined)) }
}

/** The window: the handler table the app registers, with scripted file dialogs. */
export async function windowDoor(world: World): Promise<Door> {
  const { services, files, call, profileId } = await openWindow(world)
  return {
    name: 'window',
    async sendFile(fileName, csv, accept = {}) {
      try {
        files.next = { name: fileName, bytes: Buffer.from(csv) }
        let view = (await call('openImportFile', { profileId: profileId() })) as ImportView
        // The person ticks each warning they accept, one row at a time.
        for (const row of view.rows) {
          const codes = row.warnings.map((w) => w.code)
          const wanted =
            codes.length > 0 &&
            codes.every((c) =>
              c === 'account_changed' ? accept.accountChanges === true : accept.duplicates === true,
            )
          if (wanted)
            view = await call('acceptImportWarning', {
              importId: view.importId,
              line: row.line,
              accepted: true,
              revision: view.revision,
            })
        }
        if (view.previousImport && accept.repeatFile)
          view = await call('acceptImportWarning', {
            importId: view.importId,
            line: 'file',
            accepted: true,
            revision: view.revision,
          })
        const committed = await call('confirmImport', { importId: view.importId })
        if (!committed.awaitingRelease) await call('startBatch', { batchId: committed.batchId })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async refresh() {
      try {
        await call('refreshPayouts', { allPending: true })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async resume(batchId) {
      try {
        await call('startBatch', { batchId })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async retry(reference) {
      try {
        const id = services.ledger
          .prepare('SELECT id FROM payouts WHERE reference = ?')
          .pluck()
          .get(reference) as string
        await call('retryPayout', { id })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async retryBatch(batchId) {
      try {
        const again = await call('retryFailedPayouts', { batchId })
        if (!again.awaitingRelease) await call('startBatch', { batchId: again.batchId })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async pay(fields, amount, accept = {}) {
      try {
        // The form asks main whom the account belongs to, and shows a change beside its checkbox.
        const match = await call('checkRecipient', { profileId: profileId(), fields })
        const confirm = (value: string, key: string) =>
          call('createPayout', {
            profileId: profileId(),
            amount: value,
            fields,
            idempotencyKey: key,
            ...(match.kind === 'changed' && accept.accountChanges
              ? { acceptAccountChange: { old: match.oldAccount } }
              : {}),
          })
        const key = randomUUID()
        await confirm(amount, key)
        if (accept.again !== undefined) await confirm(accept.again, key)
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async cancelBatch(batchId) {
      try {
        await call('cancelAwaitingRelease', { profileId: profileId(), held: { batchId } })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async moveProfile(name, merchantNo, secret) {
      try {
        const p = (await call('listProfiles')).find((v) => v.name === name)
        if (!p) return { ok: false, code: 'NOT_FOUND', message: `no profile ${name}` }
        await call('saveProfile', {
          id: p.id,
          name: p.name,
          provider: p.provider,
          area: p.area,
          environment: p.environment,
          baseUrl: p.baseUrl ?? '',
          merchantId: merchantNo,
          notifyUrl: p.notifyUrl,
          ...(secret === undefined ? {} : { secret }),
        })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async release(batchId) {
      try {
        const group = (await call('listAwaitingRelease')).find((g) => g.batchId === batchId)
        if (!group) return { ok: false, code: 'NOT_HELD', message: `${batchId} does not wait for release` }
        await call('releasePayouts', {
          profileId: group.profileId,
          held: { batchId },
          passphrase: SETUP_PASSPHRASE,
          reviewHash: group.reviewHash,
        })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    async decide(reference, action, how) {
      try {
        const { items } = await call('listAttention', {})
        const item = items.find((i) => i.reference === reference)
        if (!item) return { ok: false, code: 'NOT_IN_QUEUE', message: `${reference} is not in the queue` }
        await call('resolveAttention', {
          payoutId: item.id,
          action,
          version: how.seen === 'older' ? item.version - 1 : item.version,
          ...(how.note ? { note: how.note } : {}),
        })
        return { ok: true }
      } catch (error) {
        return refused(error)
      }
    },
    settle: () => settled(world),
    close: () => services.close(),
  }
}

/** The command line, as a script or a person at a terminal runs it. */
export function cliDoor(world: World): Door {
  const env = { PAYOUT_DESK_HOME: world.dataDir, PAYOUT_DESK_SANDBOX_URL: world.sandbox.url }
  const cli = async (...args: string[]): Promise<Outcome> => {
    const r = await runCli(args, undefined, env)
    if (r.code === 0) return { ok: true }
    return { ok: false, code: r.code === 2 ? 'USAGE' : 'REFUSED', message: r.stderr.trim() }
  }
  return {
    name: 'cli',
    sendFile(fileName, csv, accept = {}) {
      const file = join(world.dataDir, '..', fileName)
      writeFileSync(file, csv)
      return cli(
        'send',
        '--profile',
        world.profileName,
        '--file',
        file,
        '--yes',
        ...(accept.duplicates ? ['--accept-duplicates'] : []),
        ...(accept.repeatFile ? ['--accept-repeat-file'] : []),
        ...(accept.accountChanges ? ['--accept-account-changes'] : []),
      )
    },
    refresh: () => cli('refresh', '--all'),
    resume: (batchId) => cli('resume', batchId),
    retry: (reference) => cli('retry', reference, '--yes'),
    retryBatch: (batchId) => cli('retry', '--batch', batchId, '--yes'),
    async pay(fields, amount, accept = {}) {
      const reference = `PAY${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`
      const pay = (value: string) =>
        cli(
          'pay',
          '--profile',
          world.profileName,
          '--amount',
          value,
          '--reference',
          reference,
          ...Object.entries(fields).flatMap(([k, v]) => [`--${k}`, v]),
          ...(accept.accountChanges ? ['--accept-account-change'] : []),
          '--yes',
        )
      const first = await pay(amount)
      return accept.again === undefined || !first.ok ? first : pay(accept.again)
    },
    cancelBatch: (batchId) => cli('cancel', '--batch', batchId),
    async moveProfile(name, merchantNo, secret) {
      const args = ['profile', 'edit', name, '--merchant-no', merchantNo]
      const r = await runCli(
        secret === undefined ? args : [...args, '--secret-stdin'],
        secret && `${secret}\n`,
        env,
      )
      return r.code === 0 ? { ok: true } : { ok: false, code: 'REFUSED', message: r.stderr.trim() }
    },
    async release(batchId) {
      const r = await runCli(['release', batchId, '--passphrase-stdin'], `${SETUP_PASSPHRASE}\n`, env)
      return r.code === 0 ? { ok: true } : { ok: false, code: 'REFUSED', message: r.stderr.trim() }
    },
    async decide(reference, action, how) {
      const shown = await runCli(['attention', '--json'], undefined, env)
      const items = JSON.parse(shown.stdout) as { reference: string; version: number }[]
      const item = items.find((i) => i.reference === reference)
      if (!item) return { ok: false, code: 'NOT_IN_QUEUE', message: `${reference} is not in the queue` }
      const version = how.seen === 'older' ? item.version - 1 : item.version
      return cli(
        'resolve',
        reference,
        '--action',
        action,
        '--version',
        String(version),
        ...(how.note ? ['--note', how.note] : []),
        '--yes',
      )
    },
    settle: () => settled(world),
    close: () => Promise.resolve(),
  }
}

/** The ledger as a person would compare two books: every payout in order, without ids or times. */
/** The release passphrase `setUp` gives the limits it sets. */
const SETUP_PASSPHRASE = 'a long passphrase'

/** Sets up a world before its door acts (the same for both doors): the command line on its ledger. */
export async function setUp(world: World, ...args: string[]): Promise<void> {
  const stdin = args.includes('--passphrase-stdin')
    ? `${SETUP_PASSPHRASE}\n`
    : args.includes('--secret-stdin')
      ? `${world.sandbox.credentials.vexora.secret}\n`
      : undefined
  const r = await runCli([...args, '--data-dir', world.dataDir], stdin)
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`)
}

/** The newest batch of this ledger (what a door just wrote). */
export function newestBatch(world: World): string {
  const db = new Database(join(world.dataDir, 'ledger.sqlite3'), { readonly: true })
  try {
    return db
      .prepare('SELECT id FROM batches ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .pluck()
      .get() as string
  } finally {
    db.close()
  }
}

export function ledgerRows(dataDir: string): Record<string, unknown>[] {
  if (!existsSync(join(dataDir, 'ledger.sqlite3'))) return []
  const db = new Database(join(dataDir, 'ledger.sqlite3'), { readonly: true })
  try {
    const rows = db
      .prepare(
        `SELECT p.id, p.status, p.amount_minor, p.fields_json, p.retry_of, p.attention,
                (SELECT count(*) FROM payouts r WHERE r.retry_of = p.id) AS retried
           FROM payouts p ORDER BY p.created_at, p.rowid`,
      )
      .all() as {
      id: string
      status: string
      amount_minor: number
      fields_json: string
      retry_of: string | null
      attention: string | null
      retried: number
    }[]
    const index = new Map(rows.map((r, i) => [r.id, i]))
    return rows.map((r) => ({
      status: r.status,
      amountMinor: r.amount_minor,
      fields: JSON.parse(r.fields_json) as unknown,
      retryOf: r.retry_of === null ? null : (index.get(r.retry_of) ?? 'elsewhere'),
      attention: r.attention,
      retried: r.retried,
    }))
  } finally {
    db.close()
  }
}

/** The recipients directory as a person reads it: who, at which account, paid how often. */
export function recipientRows(dataDir: string): Record<string, unknown>[] {
  if (!existsSync(join(dataDir, 'ledger.sqlite3'))) return []
  const db = new Database(join(dataDir, 'ledger.sqlite3'), { readonly: true })
  try {
    return db
      .prepare(
        `SELECT r.name, r.account_json AS account, r.payouts,
                (SELECT count(*) FROM recipient_changes c WHERE c.recipient_id = r.id) AS changes
           FROM recipients r ORDER BY r.name, r.account_json`,
      )
      .all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

/** What reached the gateway: each order's amount, account and how often it was sent, in order. */
export function gatewayOrders(sandbox: Sandbox): Record<string, unknown>[] {
  return sandbox.book.list().map((o) => ({
    amountMinor: o.amountMinor,
    account: o.fields.bankAccountNo ?? o.fields.accountNo ?? null,
    name: o.fields.customerName ?? o.fields.accountName ?? null,
    outcome: o.outcome,
    attempts: o.createAttempts,
  }))
}
