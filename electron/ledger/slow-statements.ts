import type { Database, Statement } from 'better-sqlite3'

/** A statement slower than this is logged (Signal Desktop's SQL layer logs its queries over 40 ms too). */
export const SLOW_STATEMENT_MS = 40

export interface SlowStatement {
  /** The statement's name: its leading `/* name *\/` comment, else the start of its SQL on one line. */
  name: string
  ms: number
}

export type SlowStatementLog = (slow: SlowStatement) => void

interface Watch {
  log: SlowStatementLog | null
  thresholdMs: number
}

const watches = new WeakMap<Database, Watch>()

/** `/* dashboard.groups *\/ SELECT …` is named dashboard.groups; unnamed SQL by its first 80 characters. */
export function statementName(sql: string): string {
  const named = /^\s*\/\*\s*([\w.:-]+)\s*\*\//.exec(sql)
  if (named?.[1]) return named[1]
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat
}

/** A log that fails is not the statement failing: a committed write must never be reported as failed. */
function tell(watch: Watch, slow: SlowStatement): void {
  try {
    watch.log?.(slow)
  } catch {
    // Nothing to tell: the log itself is what failed.
  }
}

function timed<A extends unknown[], R>(watch: Watch, name: string, run: (...args: A) => R) {
  return (...args: A): R => {
    const start = performance.now()
    try {
      return run(...args)
    } finally {
      const ms = performance.now() - start
      if (ms > watch.thresholdMs) tell(watch, { name, ms })
    }
  }
}

/** An iterate() counts the time spent inside SQLite, summed over its steps, not the caller's between them. */
function timedIterator<R>(watch: Watch, name: string, inner: IterableIterator<R>): IterableIterator<R> {
  let ms = 0
  let reported = false
  const report = () => {
    if (!reported && ms > watch.thresholdMs) tell(watch, { name, ms })
    reported = true
  }
  const step = <T>(run: () => T): T => {
    const start = performance.now()
    try {
      return run()
    } finally {
      ms += performance.now() - start
    }
  }
  const iterator: IterableIterator<R> = {
    next: () => {
      const result = step(() => inner.next())
      if (result.done) report()
      return result
    },
    return: (value?: unknown) => {
      report()
      return inner.return?.(value) ?? { done: true, value: undefined as R }
    },
    [Symbol.iterator]: () => iterator,
  }
  return iterator
}

function watchStatement(watch: Watch, statement: Statement, sql: string): Statement {
  const name = statementName(sql)
  const s = statement as unknown as Record<string, (...args: unknown[]) => unknown>
  for (const method of ['run', 'get', 'all'] as const) {
    const original = s[method]?.bind(statement)
    if (original) s[method] = timed(watch, name, original)
  }
  const iterate = s.iterate?.bind(statement)
  if (iterate)
    s.iterate = (...args: unknown[]) =>
      timedIterator(watch, name, iterate(...args) as IterableIterator<unknown>)
  return statement
}

/**
 * Times every statement prepared on this connection from now on (run, get, all, iterate), every exec and
 * every transaction (its statements and its COMMIT together), and hands the slow ones to `log`. The
 * methods are replaced on the connection and on each statement once, when it is prepared, so a cached
 * statement pays two clock reads per call and nothing else.
 */
export function watchSlowStatements(
  db: Database,
  log: SlowStatementLog | null = null,
  thresholdMs = SLOW_STATEMENT_MS,
): void {
  const existing = watches.get(db)
  if (existing) {
    existing.log = log ?? existing.log
    existing.thresholdMs = thresholdMs
    return
  }
  const watch: Watch = { log, thresholdMs }
  watches.set(db, watch)
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => watchStatement(watch, prepare(sql), sql)) as typeof db.prepare
  const exec = db.exec.bind(db)
  db.exec = (sql: string) => {
    timed(watch, statementName(sql), exec)(sql)
    return db
  }
  const transaction = db.transaction.bind(db)
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const wrapped = transaction(fn)
    const name = `transaction ${fn.name || '(anonymous)'}`
    const out = timed(watch, name, wrapped) as typeof wrapped
    for (const kind of ['deferred', 'immediate', 'exclusive'] as const)
      Object.defineProperty(out, kind, {
        value: timed(watch, `${name} (${kind})`, (...args: unknown[]) => wrapped[kind](...args)),
      })
    return out
  }) as typeof db.transaction
}

/** Where this connection's slow statements go from now on (the app: its log file). */
export function logSlowStatementsTo(db: Database, log: SlowStatementLog): void {
  watchSlowStatements(db, log, watches.get(db)?.thresholdMs)
}

/** One log line: `slow statement dashboard.groups took 123 ms`. */
export const slowStatementLine = ({ name, ms }: SlowStatement): string =>
  `slow statement ${name} took ${Math.round(ms)} ms`
