import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type pg from 'pg'
import type { TeamDashboardProfile } from '../../shared/ipc/team-contract.ts'
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.ts'
import { foldDashboard, type AwaitingGroup, type DayGroup } from './team-dashboard.ts'
import {
  historyRowOf,
  likePattern,
  pageOf,
  storyEventOf,
  type HistoryColumns,
  type HistoryCursor,
  type TeamHistoryQuery,
  type TeamHistoryRow,
  type TeamPayoutStory,
} from './team-history.ts'

/**
 * This desk's last copy of the team's book, for when the server cannot be reached: history and each
 * payout's story, read-only. It is brought up to date whenever the desk reads the book from the server,
 * by the audit log: every change of a payout writes an event, so the payouts with events since the last
 * copy are the ones to copy again. An event numbered below the mark can commit after it (its transaction
 * began earlier), so each update also looks again at the last minutes' events. Nothing is ever written to
 * the team's book from here.
 */
export interface TeamCopy {
  /** When the copy was last brought up to date (ms), or null if never. */
  copiedAt(): number | null
  page(query: TeamHistoryQuery): { rows: TeamHistoryRow[]; next: HistoryCursor | null }
  stories(reference: string): TeamPayoutStory[]
  dashboard(dayStarts: readonly number[], weekStart: number): TeamDashboardProfile[]
  close(): void
}

/** Looked at again each update: longer than any transaction that writes a payout. */
const LATE_COMMITS = "interval '10 minutes'"

/** One copy per team ledger and login: `<data>/team-copies/<digest of user@host:port/database>.sqlite3`. */
export function teamCopyPath(dataDir: string, url: string): string {
  const u = new URL(url)
  const who = `${decodeURIComponent(u.username)}@${u.hostname}:${u.port || '5432'}${u.pathname}`
  return join(
    dataDir,
    'team-copies',
    `${createHash('sha256').update(who).digest('hex').slice(0, 16)}.sqlite3`,
  )
}

function openCopyDb(file: string): Database.Database {
  ensurePrivateDir(join(file, '..'))
  ensurePrivateFile(file)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec(`
    CREATE TABLE IF NOT EXISTS payouts (
      id TEXT PRIMARY KEY, reference TEXT NOT NULL, profile TEXT NOT NULL, environment TEXT NOT NULL,
      amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, prepared_by TEXT NOT NULL,
      approved_by TEXT, gateway_status TEXT, created_us INTEGER NOT NULL, fields TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS payouts_newest ON payouts (created_us DESC, id DESC);
    CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY, payout_id TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
      person TEXT NOT NULL, detail TEXT);
    CREATE INDEX IF NOT EXISTS events_by_payout ON events (payout_id, seq);
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`)
  return db
}

/**
 * Brings this desk's copy up to date from the server (as the person's login: what they may read), and
 * returns when it was taken. Payouts changed since the last copy are copied whole, with their events.
 */
interface EventRow {
  seq: string
  payout_id: string
  at: number
  kind: string
  person: string
  detail: unknown
}

const EVENT_COLUMNS = `e.seq::text AS seq, e.payout_id, floor(extract(epoch FROM e.at) * 1000)::float8 AS at,
  e.kind, e.person, e.detail`
/** Events copied per round: the first copy of a large book goes in rounds, not in one answer. */
const ROUND = 20_000

export async function updateTeamCopy(server: pg.ClientBase, file: string): Promise<number> {
  const db = openCopyDb(file)
  const putPayout = db.prepare(
    `INSERT OR REPLACE INTO payouts VALUES (@id, @reference, @profile, @environment, @amount, @currency,
       @status, @prepared_by, @approved_by, @gateway_status, @created, @fields)`,
  )
  const putEvent = db.prepare('INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?)')
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)')
  /** Copies these events, and the payouts they belong to as they are now. */
  const copy = async (events: readonly EventRow[]) => {
    const { rows: payouts } = await server.query<Omit<HistoryColumns, 'created_at'> & { fields: unknown }>(
      `SELECT p.id, p.reference, pr.name AS profile,
         COALESCE(p.account->>'environment', pr.environment) AS environment, p.amount_minor::text AS amount_minor,
              p.currency, p.status, p.prepared_by, p.approved_by, p.gateway_status, p.fields,
              (extract(epoch FROM p.created_at) * 1000000)::bigint::text AS created_us
         FROM payout_desk.payouts p JOIN payout_desk.profiles pr ON pr.id = p.profile_id
        WHERE p.id = ANY ($1)`,
      [[...new Set(events.map((e) => e.payout_id))]],
    )
    db.transaction(() => {
      for (const p of payouts)
        putPayout.run({
          id: p.id,
          reference: p.reference,
          profile: p.profile,
          environment: p.environment,
          amount: Number(p.amount_minor),
          currency: p.currency,
          status: p.status,
          prepared_by: p.prepared_by,
          approved_by: p.approved_by,
          gateway_status: p.gateway_status,
          created: Number(p.created_us),
          fields: JSON.stringify(p.fields),
        })
      for (const e of events)
        putEvent.run(Number(e.seq), e.payout_id, e.at, e.kind, e.person, JSON.stringify(e.detail ?? null))
    })()
  }
  try {
    let mark = Number(
      (db.prepare("SELECT value FROM meta WHERE key = 'seq'").pluck().get() as string | undefined) ?? 0,
    )
    for (;;) {
      const { rows } = await server.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM payout_desk.payout_events e WHERE e.seq > $1 ORDER BY e.seq LIMIT ${ROUND}`,
        [mark],
      )
      if (rows.length === 0) break
      await copy(rows)
      mark = Number(rows.at(-1)?.seq ?? mark)
      setMeta.run('seq', String(mark))
      if (rows.length < ROUND) break
    }
    // Events numbered below the mark that committed after it: looked at again for a while.
    const { rows: late } = await server.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM payout_desk.payout_events e
        WHERE e.at > clock_timestamp() - ${LATE_COMMITS} AND e.seq <= $1 ORDER BY e.seq`,
      [mark],
    )
    if (late.length > 0) await copy(late)
    const now = Date.now()
    setMeta.run('copied_at', String(now))
    return now
  } finally {
    db.close()
  }
}

/** This desk's copy, read-only: null when it never copied this team ledger. */
export function openTeamCopy(file: string): TeamCopy | null {
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch {
    return null
  }
  const copiedAt = db.prepare("SELECT value FROM meta WHERE key = 'copied_at'").pluck().get() as
    string | undefined
  return {
    copiedAt: () => (copiedAt === undefined ? null : Number(copiedAt)),
    page(query) {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 1_000)
      const like = query.search ? likePattern(query.search) : null
      const rows = db
        .prepare<unknown[], HistoryColumns>(
          `SELECT *, created_us / 1000 AS created_at FROM payouts
            WHERE (@status IS NULL OR status = @status) AND (@profile IS NULL OR profile = @profile)
              AND (@like IS NULL OR reference LIKE @like ESCAPE '\\' OR fields LIKE @like ESCAPE '\\')
              AND (@at IS NULL OR created_us < @at OR (created_us = @at AND id < @id))
            ORDER BY created_us DESC, id DESC LIMIT @limit`,
        )
        .all({
          status: query.status ?? null,
          profile: query.profile ?? null,
          like,
          at: query.after ? Number(query.after.atMicros) : null,
          id: query.after?.id ?? null,
          limit: limit + 1,
        })
      return pageOf(rows, limit)
    },
    stories(reference) {
      const rows = db
        .prepare<[string], HistoryColumns & { fields: string }>(
          'SELECT *, created_us / 1000 AS created_at FROM payouts WHERE reference = ? ORDER BY profile',
        )
        .all(reference)
      return rows.map((row) => ({
        payout: historyRowOf(row),
        fields: JSON.parse(row.fields) as Record<string, string>,
        events: db
          .prepare<[string], { at: number; kind: string; person: string; detail: string }>(
            'SELECT at, kind, person, detail FROM events WHERE payout_id = ? ORDER BY seq',
          )
          .all(row.id)
          .map((e) => storyEventOf({ ...e, detail: JSON.parse(e.detail) as unknown })),
      }))
    },
    dashboard(dayStarts, weekStart) {
      // Sums as reals (total): a sum past SQLite's integers would otherwise fail the whole read.
      const awaiting = db
        .prepare<[], AwaitingGroup>(
          `SELECT profile, environment, currency, count(*) AS n, total(amount_minor) AS amount
             FROM payouts WHERE status = 'awaiting_approval' GROUP BY profile, environment, currency`,
        )
        .all()
      // By the minute (every local midnight is on one), then by the day it falls on.
      const minutes = db
        .prepare<[number], Omit<DayGroup, 'day'> & { at: number }>(
          `SELECT profile, environment, currency, status, (created_us / 60000000) * 60000 AS at,
                  count(*) AS n, total(amount_minor) AS amount
             FROM payouts WHERE created_us >= ?
            GROUP BY profile, environment, currency, status, created_us / 60000000`,
        )
        .iterate((dayStarts[0] ?? 0) * 1000)
      const groups = function* () {
        for (const m of minutes) yield { ...m, day: dayStarts.findLastIndex((d) => d <= m.at) }
      }
      // The copy knows the profiles its payouts name: one without any payout has no card here.
      return foldDashboard([], awaiting, groups(), dayStarts, weekStart)
    },
    close: () => db.close(),
  }
}
