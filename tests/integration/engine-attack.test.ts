import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { listProfiles, type ProfileRecord } from '../../electron/ledger/profiles-repo.ts'
import { createServices } from '../../electron/services/create-services.ts'
import { actionsFor, listAttention } from '../../electron/payouts/attention-queue.ts'
import { createBatch } from '../../electron/ledger/batches-repo.ts'
import { draftPayout, draftPayoutOnce, draftPayouts } from '../../electron/payouts/draft-payout.ts'
import { loadPayout } from '../../electron/ledger/payout-store.ts'
import { engineOnGateway } from '../sim/engine-on-gateway.ts'
import { callbackBody } from '../sim/gateway-wire.ts'
import { CALM, startScriptedGateway, type GatewayHooks, type GatewayKnobs } from '../sim/scripted-gateway.ts'
import { thbBankFields } from '../support/sandbox-clients.ts'
import { runCli } from '../support/run-cli.ts'
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

  // Found by this suite: a refused *re-send* (rate limit, clock, 21001) was raised as a "contradiction"
  // when a callback made the payout final meanwhile, and "keep the gateway's answer" then recorded the
  // paid payout as refused, so Retry paid the person again.
  it('a re-send refused while the first send is paid is not put to a person as "the gateway refused it"', async () => {
    let hook: (() => Promise<void>) | null = null
    const s = await setup(
      { dropAfterTake: 1, refuseResend: 1 },
      { beforeAnswer: async (r) => (r.endpoint === 'create' ? hook?.() : undefined) },
    )
    expect(await s.engine.send(s.id)).toBe('unknown')
    hook = s.deliverPaid
    await s.engine.refresh(s.id)
    const payout = loadPayout(s.db, s.id)
    expect(payout?.status).toBe('succeeded')
    // What the queue would let a person do with the paid payout: nothing that calls it refused.
    expect(payout?.attentionDetail?.gatewayState, `raised as ${payout?.attention}`).not.toBe('rejected')
  })
})

/** The app's services on the ledger in `dir`, talking to the scripted gateway, as main builds them. */
async function servicesOn(dir: string, url: string) {
  const services = await createServices({
    appVersion: 'attack',
    dataDir: dir,
    sandbox: { url },
    poll: false,
    engine: { settleMs: 3_000, leaseMs: 1_500 },
  })
  await services.ready
  const bluepay = listProfiles(services.ledger).find((p) => p.provider === 'bluepay') as ProfileRecord
  return { services, bluepay }
}

describe('engine attacks: quitting and restarting', () => {
  // Found by this suite: services.close() (main's will-quit) closed the ledger under a status check
  // still in flight, so the gateway's answer could not be written and was lost.
  it('a status answer that arrives while the app quits is still written to the ledger', async () => {
    let hold: Promise<void> | null = null
    let asked: () => void = () => undefined
    const questionArrived = new Promise<void>((resolve) => (asked = resolve))
    const gateway = await startScriptedGateway(2, CALM, {
      beforeAnswer: async (r) => {
        if (r.endpoint !== 'query' || !hold) return
        asked()
        await hold
      },
    })
    closers.push(() => gateway.close())
    const { services, bluepay } = await servicesOn(tmp.dir, gateway.url)
    const id = draftPayout(services.ledger, {
      profileId: bluepay.id,
      amountMinor: 23_456,
      fields: thbBankFields('1234567890'),
      reference: 'ATTACK-QUIT-01',
    })
    expect(await services.engine.send(id)).toBe('processing')

    let release: () => void = () => undefined
    hold = new Promise<void>((resolve) => (release = resolve))
    const checking = services.poller.refreshNow([id])
    await questionArrived
    const closing = services.close()
    setTimeout(release, 200)
    await Promise.all([closing, checking])

    const answers = gateway.books.answers.filter((a) => a.endpoint === 'query')
    expect(answers).toHaveLength(1)
    const db = openLedger(join(tmp.dir, 'ledger.sqlite3'))
    try {
      const bodies = (
        db
          .prepare("SELECT detail_json FROM payout_events WHERE payout_id = ? AND kind = 'query'")
          .pluck()
          .all(id) as string[]
      ).map(
        (d) => (JSON.parse(d) as { exchange: { response: { body: string } | null } }).exchange.response?.body,
      )
      expect(bodies).toContain(answers[0]?.body)
    } finally {
      db.close()
    }
  })

  // Found by this suite: a single payout the person confirmed is written queued, then sent in the
  // background (createPayout); if the app died between the two, nothing ever sent it or raised it.
  it('a confirmed single payout left queued by a crash is sent after the restart, or raised', async () => {
    const gateway = await startScriptedGateway(3, CALM)
    closers.push(() => gateway.close())
    const first = await servicesOn(tmp.dir, gateway.url)
    // What createPayout writes before it sends; the process dies before the send.
    const { id } = draftPayoutOnce(first.services.ledger, {
      profileId: first.bluepay.id,
      amountMinor: 34_567,
      fields: thbBankFields('1234567890'),
      idempotencyKey: 'confirm-1',
    })
    await first.services.close()

    const again = await servicesOn(tmp.dir, gateway.url)
    closers.push(() => again.services.close())
    await new Promise((resolve) => setTimeout(resolve, 500))
    const payout = loadPayout(again.services.ledger, id)
    expect(
      payout?.status !== 'queued' || payout.attention !== null,
      'left queued, with nothing to send it',
    ).toBe(true)
  })

  // Found by the simulation (seed 604): a confirmed import is written as a batch in state "draft"
  // (commitImport), and only starting it marks it "sending". If the app (between confirmImport and
  // startBatch) or `payout-desk send` (between "Batch written" and the run) died in between, its payouts
  // stayed queued in a draft batch that `resume --all` (interruptedBatches) never found.
  it('a confirmed batch whose sending never started is found by resume --all', async () => {
    const gateway = await startScriptedGateway(4, CALM)
    closers.push(() => gateway.close())
    const h = engineOnGateway(tmp.dir, gateway.url)
    h.db.transaction(() => {
      const batchId = createBatch(h.db, h.bluepay.id, 'people.csv', null)
      draftPayouts(
        h.db,
        h.bluepay.id,
        ['ATTACK-BATCH-01', 'ATTACK-BATCH-02'].map((reference, i) => ({
          reference,
          amountMinor: 10_000 + i,
          fields: thbBankFields(`123456789${i}`, `Batch Person ${'AB'[i] ?? ''}`),
          batchId,
        })),
      )
    })()
    h.db.close()
    const resumed = await runCli(['--data-dir', tmp.dir, '--sandbox-url', gateway.url, 'resume', '--all'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(
      gateway.books
        .allOrders()
        .map((o) => o.reference)
        .sort(),
    ).toEqual(['ATTACK-BATCH-01', 'ATTACK-BATCH-02'])
  })
})
