import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { actionsFor, listAttention } from '../../electron/payouts/attention-queue.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { loadPayout } from '../../electron/payouts/payout-store.ts'
import { engineOnGateway } from '../sim/engine-on-gateway.ts'
import { callbackBody } from '../sim/gateway-wire.ts'
import { CALM, startScriptedGateway, type GatewayHooks, type GatewayKnobs } from '../sim/scripted-gateway.ts'
import { thbBankFields } from '../support/sandbox-clients.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/*
 * Ways the seeded simulation (tests/sim) or a reading of the engine found for money to go wrong, each
 * pinned as the smallest schedule that shows it, on a real ledger file and the scripted gateway over
 * HTTP. Each test names the finding it pins.
 */

let tmp: ReturnType<typeof makeTempDir>
const closers: (() => unknown)[] = []
beforeEach(() => {
  tmp = makeTempDir('payout-desk-attack-')
})
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
  tmp.cleanup()
})

/** A gateway that hides what it took for a minute and settles nothing by itself, plus an engine on it. */
async function setup(knobs: Partial<GatewayKnobs>, hooks: GatewayHooks, engine = {}) {
  const gateway = await startScriptedGateway(
    1,
    {
      ...CALM,
      visibleFromMs: 60_000,
      visibleWithinMs: 60_000,
      settleFromMs: 60_000,
      settleWithinMs: 60_000,
      ...knobs,
    },
    hooks,
  )
  closers.push(() => gateway.close())
  const h = engineOnGateway(tmp.dir, gateway.url, { settleMs: 0, ...engine })
  closers.push(() => h.db.close())
  const id = draftPayout(h.db, {
    profileId: h.bluepay.id,
    amountMinor: 12_345,
    fields: thbBankFields('1234567890'),
    reference: 'ATTACK-0000001',
  })
  /** The gateway's paid callback for the order it took, delivered to the engine as the listener would. */
  const deliverPaid = async () => {
    const order = gateway.books.ordersOf('bluepay', 'ATTACK-0000001')[0]
    if (!order) throw new Error('the gateway took nothing')
    const reply = await h.engine.applyCallback(h.bluepay.id, callbackBody(order, 'succeeded'))
    expect(reply.status).toBe(200)
  }
  return { ...h, gateway, id, deliverPaid }
}

/** A payout is final, or waits for a person who can do something about it; never a dead queue item. */
function expectFinalAndNotStuckInQueue(db: Parameters<typeof loadPayout>[0], id: string) {
  const payout = loadPayout(db, id)
  expect(payout?.status).toBe('succeeded')
  if (payout?.attention)
    expect(actionsFor(payout), `attention ${payout.attention} with no action`).not.toEqual([])
  expect(listAttention(db).items.filter((i) => i.actions.length === 0)).toEqual([])
}

describe('engine attacks', () => {
  it('a paid callback that lands while a status check is out is not turned into "not found" doubt afterwards', async () => {
    let hook: (() => Promise<void>) | null = null
    const s = await setup({}, { beforeAnswer: async (r) => (r.endpoint === 'query' ? hook?.() : undefined) })
    expect(await s.engine.send(s.id)).toBe('processing')
    // The gateway's status API lags (the order is hidden); its callback does not.
    hook = s.deliverPaid
    await s.engine.refresh(s.id)
    expectFinalAndNotStuckInQueue(s.db, s.id)
  })

  it('a paid callback that lands while a re-send is refused is not turned into "re-send refused" doubt', async () => {
    let hook: (() => Promise<void>) | null = null
    const s = await setup(
      { dropAfterTake: 1, refuseResend: 1 },
      { beforeAnswer: async (r) => (r.endpoint === 'create' ? hook?.() : undefined) },
    )
    // Taken, but the answer is lost: in doubt, and the gateway does not show it yet.
    expect(await s.engine.send(s.id)).toBe('unknown')
    hook = s.deliverPaid
    // "Not found" (settle period 0 here): sent again; the re-send is refused while the first is paid.
    await s.engine.refresh(s.id)
    expect(s.gateway.books.attemptsOf('bluepay', 'ATTACK-0000001').map((a) => a.result)).toEqual([
      'taken',
      'refused',
    ])
    expectFinalAndNotStuckInQueue(s.db, s.id)
  })
})
