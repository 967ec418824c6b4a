import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Which module may import which (as Ledger Live keeps its rule): doors (ipc, cli, main) call actions;
 * actions call the engine and the rules (payouts, recipients, import) and the ledger; the ledger is the
 * only place with SQL and imports none of them. A rule added at one door only, or SQL written beside a
 * rule, breaks this test instead of slipping in.
 */
const ROOT = join(import.meta.dirname, '../../electron')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}
const sources = files(ROOT).map((path) => ({
  area: relative(ROOT, path).split('/')[0] ?? '',
  file: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}))
const importsOf = (text: string) => [...text.matchAll(/from '\.\.\/([a-z-]+)\//g)].map((m) => m[1] as string)

/** For each area: the areas it must not import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  ledger: ['actions', 'payouts', 'recipients', 'import', 'ipc', 'cli', 'main', 'services'],
  payouts: ['actions', 'ipc', 'cli', 'main', 'services'],
  recipients: ['actions', 'payouts', 'ipc', 'cli', 'main', 'services'],
  import: ['actions', 'ipc', 'cli', 'main', 'services'],
  actions: ['ipc', 'cli', 'main'],
  providers: ['actions', 'payouts', 'ledger', 'ipc', 'cli', 'main', 'services'],
  // The team ledger (PostgreSQL) is storage beside the SQLite ledger: it knows neither the doors nor the
  // rules above it.
  team: ['actions', 'payouts', 'recipients', 'import', 'ipc', 'cli', 'main', 'services'],
}

describe('layers', () => {
  it.each(Object.entries(FORBIDDEN))('%s imports none of the layers above it', (area, forbidden) => {
    const wrong = sources
      .filter((s) => s.area === area)
      .flatMap((s) =>
        importsOf(s.text)
          .filter((i) => forbidden.includes(i))
          .map((i) => `${s.file} → ${i}`),
      )
    expect(wrong).toEqual([])
  })

  it('the engine keeps and reads payouts only through its store (the storage port), never a ledger of its own', () => {
    const engine = sources.find((s) => s.file === 'payouts/engine.ts')?.text ?? ''
    // Pure helpers of the ledger's area are fine; anything that takes a connection goes through the store.
    const pure = new Set(['accountOf', 'sameAccount', 'leaseOwnerId'])
    const used = [...engine.matchAll(/^import \{([^}]*)\} from '\.\.\/ledger\/[^']+'/gm)].flatMap((m) =>
      (m[1] ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name && !name.startsWith('type ')),
    )
    expect(used.filter((name) => !pure.has(name))).toEqual([])
    expect(engine).toMatch(/store\.claimForSubmit\(/)
  })

  it('SQL is written only in electron/ledger and electron/team (and the sandbox, a gateway of its own)', () => {
    const sql = /\bprepared(<[^>]*>)?\(|\.prepare\(|\bdb\.exec\(/
    // PostgreSQL's client: a query() given SQL (a gateway client's query(reference) is not SQL).
    const pgSql = /\.query(<[^>]*>)?\(\s*['"`]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|GRANT|BEGIN)/i
    const outside = sources
      .filter((s) => !['ledger', 'team', 'sandbox'].includes(s.area))
      .filter((s) => sql.test(s.text) || pgSql.test(s.text))
      .map((s) => s.file)
    expect(outside).toEqual([])
  })
})
