import type { ProviderId } from '../../shared/domain/providers.ts'
import { rng, type Rng } from './prng.ts'
import { CALM, type GatewayKnobs } from './scripted-gateway.ts'

export interface PlannedPayout {
  provider: ProviderId
  reference: string
  amountMinor: number
  account: string
  /** One person per payout: the same name at another account would be (rightly) refused. */
  name: string
}

/** What the app process does (the same again after every restart: idempotent by key and reference). */
export interface AppPlan {
  dataDir: string
  gatewayUrl: string
  listenerPort: number
  pollIntervalMs: number
  engine: { settleMs: number; leaseMs: number; maxResends: number }
  singles: (PlannedPayout & { key: string; afterMs: number })[]
  batch: { provider: ProviderId; afterMs: number; payouts: PlannedPayout[] } | null
  /** A per-payout release limit set before anything is paid: what goes over it waits for `release`. */
  limit: { provider: ProviderId; perPayoutMinor: number } | null
}

/** The owner's release passphrase in every schedule with a limit. */
export const SIM_PASSPHRASE = 'the owner releases 2026'

export type Step =
  | { at: number; kind: 'cli'; command: string; killAfterMs: number | null }
  | { at: number; kind: 'kill-app'; restartAfterMs: number }
  | { at: number; kind: 'retry' }
  | { at: number; kind: 'refresh' }
  /** A person at the CLI: `attention --json`, then `resolve` one item with ask or resend (`pick` chooses). */
  | { at: number; kind: 'decide'; pick: number; killAfterMs: number | null }
  /**
   * A person marks an in-doubt payout "not sent", then presses Retry. A careful one first checks the
   * gateway's books and marks it only when the gateway has no order; a careless one marks it anyway.
   */
  | { at: number; kind: 'not-sent'; pick: number; careless: boolean }
  /** `payout-desk pay-again` on one of the single payouts (refused unless it was paid). */
  | { at: number; kind: 'pay-again'; pick: number }
  /**
   * `payout-desk pay` to a new person, then to the same name at another account, accepting the change or
   * not: a change not accepted must be refused once the first payout was sent.
   */
  | { at: number; kind: 'change'; n: number; provider: ProviderId; accept: boolean }
  /** `payout-desk release --all` with the owner's passphrase. */
  | { at: number; kind: 'release' }

export interface Schedule {
  seed: number
  knobs: GatewayKnobs
  app: Omit<AppPlan, 'dataDir' | 'gatewayUrl' | 'listenerPort'>
  /** Timed from the app's first "ready"; then the gateway calms down and everything is settled. */
  steps: Step[]
}

/** The CLI commands the simulation runs next to the app (each opens the ledger and runs recovery). */
export const CLI_COMMANDS = ['list', 'refresh --all', 'resume --all', 'attention --json'] as const

const amountFor = (provider: ProviderId, i: number) =>
  provider === 'vexora' ? 20_000 + i * 1_000 : 10_000 + i * 100

function payout(seed: number, provider: ProviderId, i: number): PlannedPayout {
  return {
    provider,
    reference: `S${String(seed).padStart(6, '0')}-${provider === 'vexora' ? 'V' : 'B'}${String(i).padStart(2, '0')}`,
    amountMinor: amountFor(provider, i),
    account: String(1_000_000_000 + seed * 100 + i),
    name: `Sim Person ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26] ?? 'A'}`,
  }
}

function knobsFor(r: Rng, settleMs: number): GatewayKnobs {
  // Each seed has its own weather: some calm, some stormy.
  const p = (max: number) => Math.round(r.next() * max * 100) / 100
  return {
    refuseResend: p(0.7),
    refuseFirst: p(0.15),
    http502: p(0.1),
    dropBeforeTake: p(0.25),
    dropAfterTake: p(0.25),
    hangAfterTake: p(0.2),
    systemErrorAfterTake: p(0.15),
    visibleWithinMs: r.int(0, 2_000),
    visibleFromMs: 0,
    late: p(0.3),
    lateByMs: settleMs + 500,
    settleWithinMs: r.int(100, 1_500),
    settleFromMs: 50,
    failed: p(0.3),
    review: p(0.1),
    reversal: p(0.3),
    lateSuccess: p(0.3),
    unreadableAmount: p(0.15),
    queryDrop: p(0.2),
    query502: p(0.1),
    callbackDrop: p(0.5),
    callbackNever: p(0.4),
    callbackDuplicate: p(0.5),
    callbackDelayMs: r.int(0, 1_500),
    jitterMs: r.int(0, 150),
  }
}

/** The engine timings every schedule runs with (see scheduleFor). */
export const SIM_ENGINE = { settleMs: 4_000, leaseMs: 2_500, maxResends: 2 }

/**
 * A schedule built to meet the one thing the settle period is for: a BluePay create taken but answered
 * with a dropped connection, and hidden from status checks for two seconds, while the person presses
 * Refresh. An engine that believes "not found" before the gateway has had time to show the order sends
 * it again, and the gateway takes it twice. The simulation must say so (its own canary).
 */
export function hiddenOrderSchedule(engine = SIM_ENGINE): Schedule {
  const seed = 999_999
  return {
    seed,
    // Hidden for 2 s, settled (and called back) only after 4 s.
    knobs: {
      ...CALM,
      dropAfterTake: 1,
      visibleFromMs: 2_000,
      visibleWithinMs: 2_000,
      settleFromMs: 4_000,
      settleWithinMs: 4_000,
    },
    app: {
      pollIntervalMs: 200,
      engine,
      singles: [{ ...payout(seed, 'bluepay', 0), key: 'hidden-order', afterMs: 0 }],
      batch: null,
      limit: null,
    },
    steps: [
      { at: 1_000, kind: 'refresh' },
      { at: 1_500, kind: 'refresh' },
    ],
  }
}

/**
 * Issue 14's first finding as a schedule: a BluePay create taken in so slowly that the gateway shows it
 * only after the settle period, its answer lost, its callbacks never sent. "Not found" after the settle
 * period makes the engine send it again; the gateway refuses that re-send (it still knows the reference).
 * A refusal of a re-send must not make the payout final: it is paid, and "Retry failed" must not pay again.
 */
export function lateOrderSchedule(): Schedule {
  const base = hiddenOrderSchedule()
  return {
    ...base,
    knobs: {
      ...CALM,
      late: 1,
      lateByMs: SIM_ENGINE.settleMs + 500,
      dropAfterTake: 1,
      refuseResend: 1,
      callbackNever: 1,
    },
    steps: [{ at: 7_000, kind: 'refresh' }],
  }
}

/** One seed's schedule: the gateway's weather, the app's payouts, and who runs or dies when. */
export function scheduleFor(seed: number, commands: readonly string[] = CLI_COMMANDS): Schedule {
  const r = rng(seed)
  const knobs = knobsFor(r, SIM_ENGINE.settleMs)
  let n = 0
  const singles = Array.from({ length: r.int(1, 4) }, () => {
    const provider: ProviderId = r.chance(0.5) ? 'vexora' : 'bluepay'
    return { ...payout(seed, provider, n++), key: `sim-${seed}-${n}`, afterMs: r.int(0, 1_500) }
  })
  const batchProvider: ProviderId = r.chance(0.5) ? 'vexora' : 'bluepay'
  const batch = r.chance(0.85)
    ? {
        provider: batchProvider,
        afterMs: r.int(0, 1_000),
        payouts: Array.from({ length: r.int(2, 6) }, () => payout(seed, batchProvider, n++)),
      }
    : null
  const stormMs = r.int(2_000, 3_500)
  const steps: Step[] = []
  for (let i = r.int(2, 4); i > 0; i--)
    steps.push({
      at: r.int(0, stormMs),
      kind: 'cli',
      command: r.pick(commands),
      killAfterMs: r.chance(0.3) ? r.int(30, 900) : null,
    })
  for (let i = r.chance(0.7) ? r.int(1, 2) : 0; i > 0; i--)
    steps.push({ at: r.int(100, stormMs), kind: 'kill-app', restartAfterMs: r.int(50, 700) })
  if (r.chance(0.6)) steps.push({ at: r.int(500, stormMs), kind: 'retry' })
  // A person pressing Refresh: the checks that meet orders the gateway does not show yet.
  for (let i = r.int(0, 3); i > 0; i--) steps.push({ at: r.int(0, stormMs), kind: 'refresh' })
  // The person's own money actions, beside the storm.
  if (r.chance(0.4))
    steps.push({
      at: r.int(1_000, stormMs + 1_500),
      kind: 'not-sent',
      pick: r.next(),
      careless: r.chance(0.3),
    })
  if (r.chance(0.4) && singles.length > 0)
    steps.push({ at: r.int(1_500, stormMs + 1_500), kind: 'pay-again', pick: r.next() })
  for (let i = r.chance(0.5) ? r.int(1, 2) : 0; i > 0; i--)
    steps.push({
      at: r.int(0, stormMs),
      kind: 'change',
      n: i,
      provider: r.chance(0.5) ? 'vexora' : 'bluepay',
      accept: r.chance(0.5),
    })
  const limited = singles.find(() => r.chance(0.3))
  const limit = limited ? { provider: limited.provider, perPayoutMinor: limited.amountMinor - 1 } : null
  if (limit && r.chance(0.7)) steps.push({ at: r.int(500, stormMs), kind: 'release' })
  if (commands.some((c) => c.startsWith('attention')))
    for (let i = r.int(0, 2); i > 0; i--)
      steps.push({
        at: r.int(1_000, stormMs + 1_500),
        kind: 'decide',
        pick: r.next(),
        killAfterMs: r.chance(0.2) ? r.int(30, 900) : null,
      })
  steps.sort((a, b) => a.at - b.at)
  return {
    seed,
    knobs,
    app: {
      pollIntervalMs: 200,
      // The settle period is longer than the gateway takes to show an order (visibleWithinMs ≤ 2 s,
      // plus the request's own way there, with room for a loaded machine); the lease is longer than the
      // scripted gateway holds any request (jitter + hang ≤ 1.05 s) but about as long as it may hide
      // one, so recovery after a kill meets orders the gateway does not show yet.
      engine: SIM_ENGINE,
      singles,
      batch,
      limit,
    },
    steps,
  }
}
