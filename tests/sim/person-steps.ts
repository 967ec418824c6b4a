import { BUILTIN_SANDBOX_NAMES, type ProviderId } from '../../shared/domain/providers.ts'
import { minorToDecimalString } from '../../shared/money.ts'
import { idrFields, thbBankFields } from '../support/sandbox-clients.ts'
import type { GatewayBooks } from './gateway-books.ts'
import { runCli, type Note } from './processes.ts'
import { SIM_PASSPHRASE, type Schedule, type Step } from './schedule.ts'

/**
 * The person's money actions at the command line during a schedule (issue 21): marking not sent and
 * paying again with Retry, Pay again, account changes accepted or not, and the owner's release. Each
 * runs the real `payout-desk` on the schedule's ledger, through the same actions the window uses.
 */

const PROFILE = BUILTIN_SANDBOX_NAMES

/** What the person's steps expect of the ledger and the gateway once everything has settled. */
export interface PersonExpectations {
  /** References a refused `pay` named: never in the ledger, never at the gateway. */
  refused: string[]
  /** What went wrong on the spot (a change paid without acceptance…). */
  broken: string[]
}

interface Context {
  dataDir: string
  url: string
  note: Note
  schedule: Schedule
  books: GatewayBooks
  expect: PersonExpectations
}

const cli = (c: Context, words: string | readonly string[], input?: string) =>
  runCli(c.dataDir, c.url, words, null, c.note, input)

interface Listed {
  reference: string
  actions: string[]
  version: number
}

async function notSentThenRetry(c: Context, pick: number, careless: boolean): Promise<void> {
  const listed = await cli(c, 'attention --json')
  if (listed.code !== 0) return
  const items = (JSON.parse(listed.stdout) as Listed[]).filter((i) => i.actions.includes('not-sent'))
  const item = items[Math.floor(pick * items.length)]
  if (!item) return
  // A careful person has asked the gateway's support; a careless one has not.
  const taken = ['vexora', 'bluepay'].some(
    (p) => c.books.ordersOf(p as ProviderId, item.reference).length > 0,
  )
  if (taken && !careless) return
  const marked = await cli(c, [
    'resolve',
    item.reference,
    '--action',
    'not-sent',
    '--version',
    String(item.version),
    '--note',
    careless ? 'assumed it never arrived' : 'the gateway support has no such payout',
    '--yes',
  ])
  if (marked.code === 0) await cli(c, ['retry', item.reference, '--yes'])
}

const fieldFlags = (provider: ProviderId, account: string, name: string) =>
  Object.entries(provider === 'vexora' ? idrFields(account, name) : thbBankFields(account, name)).flatMap(
    ([k, v]) => [`--${k}`, v],
  )

async function changeAccount(c: Context, step: Extract<Step, { kind: 'change' }>): Promise<void> {
  const { seed } = c.schedule
  const name = `Sim Changer ${seed} ${step.n}`
  const amount = minorToDecimalString(
    step.provider === 'vexora' ? 15_000 + step.n : 5_000 + step.n,
    step.provider === 'vexora' ? 'IDR' : 'THB',
  )
  const reference = (tail: string) => `S${String(seed).padStart(6, '0')}-X${step.n}${tail}`
  const pay = (tail: string, account: string, accept: boolean) =>
    cli(c, [
      'pay',
      '--profile',
      PROFILE[step.provider],
      '--amount',
      amount,
      '--reference',
      reference(tail),
      ...fieldFlags(step.provider, account, name),
      ...(accept ? ['--accept-account-change'] : []),
      '--yes',
      '--json',
    ])
  const base = 3_000_000_000 + seed * 100 + step.n * 10
  const first = await pay('A', String(base), false)
  const status =
    first.code === 0
      ? (JSON.parse(first.stdout.trim().split('\n').at(-1) ?? '{}') as { status?: string }).status
      : undefined
  // Known from the moment the gateway may have taken it: not when nothing left, nor when it refused.
  const sent = status !== undefined && !['queued', 'awaiting-release', 'rejected'].includes(status)
  const second = await pay('B', String(base + 1), step.accept)
  if (!sent || step.accept) return
  if (second.code === 0)
    c.expect.broken.push(
      `${reference('B')}: PAID TO A CHANGED ACCOUNT without the person accepting it (${name} was sent to at ${base})`,
    )
  else if (/was last paid at/.test(second.stderr)) c.expect.refused.push(reference('B'))
}

/**
 * The owner releases all that waits. A group refused because its payee has moved since it was written
 * stays held; the person cancels it, as the refusal asks, and the rest has gone.
 */
async function release(c: Context): Promise<void> {
  const out = await cli(c, ['release', '--all', '--passphrase-stdin', '--json'], `${SIM_PASSPHRASE}\n`)
  const last = out.stdout.trim().split('\n').at(-1)
  if (!last) return
  const { refused = [] } = JSON.parse(last) as {
    refused?: { profile: string; reason: string; details: { references?: string } }[]
  }
  for (const r of refused.filter((r) => r.reason === 'releasePayeeMoved'))
    for (const reference of r.details.references?.split(', ') ?? [])
      await cli(c, ['cancel', '--id', reference, '--profile', r.profile])
}

/** Runs one of the person's steps; the others (cli, kill, retry, refresh, decide) are run-schedule's. */
export async function personStep(c: Context, step: Step): Promise<void> {
  switch (step.kind) {
    case 'not-sent':
      return notSentThenRetry(c, step.pick, step.careless)
    case 'pay-again': {
      const single = c.schedule.app.singles[Math.floor(step.pick * c.schedule.app.singles.length)]
      if (single) await cli(c, ['pay-again', single.reference, '--accept-duplicates', '--yes'])
      return
    }
    case 'change':
      return changeAccount(c, step)
    case 'release':
      return release(c)
    default:
      return
  }
}

/** Once settled: nothing a refused `pay` named reached the ledger or the gateway. */
export function checkRefused(
  expect: PersonExpectations,
  books: GatewayBooks,
  references: ReadonlySet<string>,
): string[] {
  return [
    ...expect.broken,
    ...expect.refused.flatMap((r) =>
      references.has(r) || ['vexora', 'bluepay'].some((p) => books.ordersOf(p as ProviderId, r).length > 0)
        ? [`${r}: a refused payout reached the ledger or the gateway`]
        : [],
    ),
  ]
}
