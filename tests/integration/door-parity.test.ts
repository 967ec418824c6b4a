import { afterAll, describe, expect, it } from 'vitest'
import {
  cliDoor,
  gatewayOrders,
  ledgerRows,
  makeWorld,
  newestBatch,
  recipientRows,
  setUp,
  windowDoor,
  type Door,
  type Outcome,
  type World,
} from '../support/doors.ts'
import { makeTempDir } from '../support/temp-dir.ts'

/**
 * Door parity: every scenario runs once through the window's handler table and once through a spawned
 * `payout-desk`, each on its own ledger and sandbox, and both must end the same way: the same outcome,
 * the same ledger rows and the same orders at the gateway. A rule that lives at one door only fails here.
 * Covers the actions: make a payout (New payout / pay, its idempotency), import (stage and commit,
 * duplicate and account-change acceptance, a profile that cannot send), batches (send, start again), release limits (a held batch, release re-judging the payee,
 * cancel), retry (one and a batch, with the payee rule), refresh, decide (a note and the version seen),
 * save a profile (a move to another merchant and its secret, actions/profiles.ts).
 */

const tmp = makeTempDir('payout-desk-door-parity-')
afterAll(() => tmp.cleanup())

const HEADER = 'bankCode,bankAccountNo,customerName,mobile,email,amount'
const row = (account: string, name: string, amount: number) =>
  `0002,${account},${name},081234567890,${name.toLowerCase().replace(/\W/g, '')}@example.com,${amount}`
/** One payout's gateway fields, as New payout and `payout-desk pay` take them. */
const single = (account: string, name: string) => ({
  bankCode: '0002',
  bankAccountNo: account,
  customerName: name,
  mobile: '081234567890',
  email: 'payee@example.com',
})
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`
/** One row under a reference of its own, so a later step can name the payout. */
const withReference = (reference: string, line: string) => `reference,${HEADER}\n${reference},${line}\n`

interface Scenario {
  name: string
  /** Done the same way in both worlds before the door acts. */
  before?: (world: World) => Promise<void>
  /** What the person does, through whichever door. */
  act: (door: Door, world: World) => Promise<Outcome>
  /** Done, or refused (the last step; what the steps before it did stands). */
  expect: 'done' | 'refused'
  /** Refused with nothing written and nothing sent at all. */
  nothing?: true
  /** What the refusal says, at both doors (so a refusal for another reason does not pass). */
  because?: RegExp
}

/** A release limit of IDR 100,000 per payout, set the same way in both worlds (its passphrase on stdin). */
const limitPerPayout = (world: World) =>
  setUp(world, 'profile', 'limits', world.profileName, '--per-payout', '100000', '--passphrase-stdin')

let n = 0
const SCENARIOS: Scenario[] = [
  {
    name: 'a clean file is paid once per row',
    act: (door) =>
      door.sendFile(
        'clean.csv',
        csv(row('1234567801', 'Budi Santoso', 150_000), row('1234567802', 'Sari Dewi', 90_000)),
      ),
    expect: 'done',
  },
  {
    name: 'a repeated row is not paid unless the person accepts it (issue 21, finding 3)',
    act: (door) =>
      door.sendFile('repeat.csv', csv(row('1234567803', 'Agus', 50_000), row('1234567803', 'Agus', 50_000))),
    expect: 'refused',
    nothing: true,
  },
  {
    name: 'a repeated row the person accepts is paid twice, as they said',
    act: (door) =>
      door.sendFile(
        'repeat-ok.csv',
        csv(row('1234567804', 'Rina', 60_000), row('1234567804', 'Rina', 60_000)),
        {
          duplicates: true,
        },
      ),
    expect: 'done',
  },
  {
    name: 'Retry pays a failed payout again once, as a new linked payout (the gateway said it failed)',
    act: async (door) => {
      const sent = await door.sendFile(
        'fails.csv',
        withReference('PARFAIL001', row('1234567000', 'Dedi', 70_000)),
      )
      if (!sent.ok) return sent
      // The sandbox fails an account ending in 000; a refresh learns it.
      await door.settle()
      const refreshed = await door.refresh()
      if (!refreshed.ok) return refreshed
      return door.retry('PARFAIL001')
    },
    expect: 'done',
  },
  {
    name: 'Retry refuses a payout that is still processing, at both doors',
    act: async (door) => {
      const sent = await door.sendFile(
        'pending.csv',
        withReference('PARPEND001', row('1234567805', 'Wati', 80_000)),
      )
      if (!sent.ok) return sent
      return door.retry('PARPEND001')
    },
    expect: 'refused',
  },
  {
    name: 'a known name at a new account is an account change even with a new mobile and e-mail, from the moment the first payout was sent (finding 2)',
    act: async (door) => {
      // Sent (the gateway took it), not yet paid: the payee is known from now on.
      const june = await door.sendFile('june.csv', csv(row('1234567810', 'Siti Rahma', 150_000)))
      if (!june.ok) return june
      await door.settle()
      return door.sendFile('july.csv', csv('0002,1234567899,SITI  RAHMA,0899999999,new@example.net,150000'))
    },
    expect: 'refused',
  },
  {
    name: 'an account change the person accepts is paid, and the directory moves to the new account',
    act: async (door) => {
      const june = await door.sendFile('june.csv', csv(row('1234567810', 'Siti Rahma', 150_000)))
      if (!june.ok) return june
      await door.settle()
      return door.sendFile('july.csv', csv(row('1234567899', 'Siti Rahma', 150_000)), {
        accountChanges: true,
      })
    },
    expect: 'done',
  },
  {
    name: 'a single payout to a known name at a new account is refused unless accepted (New payout / pay)',
    act: async (door) => {
      const first = await door.pay(single('1234567820', 'Budi Santoso'), '150000')
      if (!first.ok) return first
      await door.settle()
      return door.pay({ ...single('1234567821', 'budi santoso'), mobile: '0899999999' }, '150000')
    },
    expect: 'refused',
  },
  {
    name: 'a name mixing Latin and Cyrillic letters ("Dеwi", drawn "Dewi") is refused as a single payout, before anything is written',
    act: (door) => door.pay(single('1234567825', 'D\u0435wi Lestari'), '150000'),
    expect: 'refused',
    nothing: true,
    because: /mixed letters/,
  },
  {
    name: 'a file row naming "Dеwi" with a Cyrillic е is refused, and nothing of the file is written',
    act: (door) =>
      door.sendFile(
        'lookalike.csv',
        csv(row('1234567826', 'D\u0435wi Lestari', 150_000), row('1234567827', 'Eko', 90_000)),
      ),
    expect: 'refused',
    nothing: true,
  },
  {
    name: 'a name in Cyrillic letters drawn as Latin ones ("ЅІТІ", drawn "SITI") is refused as a single payout (review 66 F3)',
    act: (door) => door.pay(single('1234567828', '\u0405\u0406\u0422\u0406'), '150000'),
    expect: 'refused',
    nothing: true,
    because: /look alike letters/,
  },
  {
    name: 'a file row naming "Ꮪiti" with a Cherokee Ꮪ is refused, and nothing of the file is written (review 66 F3)',
    act: (door) =>
      door.sendFile(
        'cherokee.csv',
        csv(row('1234567829', '\u13daiti Rahma', 150_000), row('1234567827', 'Eko', 90_000)),
      ),
    expect: 'refused',
    nothing: true,
  },
  {
    name: 'the same confirmation twice is one payout (finding 7)',
    act: (door) => door.pay(single('1234567830', 'Rudi'), '150000', { again: '150000' }),
    expect: 'done',
  },
  {
    name: 'the same confirmation with another amount is refused, and the first payout stands (finding 7)',
    act: (door) => door.pay(single('1234567831', 'Rudi'), '150000', { again: '175000' }),
    expect: 'refused',
  },
  {
    name: 'a batch Retry does not pay a payee at the old account once the directory moved (finding 6)',
    act: async (door, world) => {
      const sent = await door.sendFile('fails.csv', csv(row('1234567000', 'Dedi', 70_000)))
      if (!sent.ok) return sent
      const failedBatch = newestBatch(world)
      await door.settle()
      const refreshed = await door.refresh()
      if (!refreshed.ok) return refreshed
      const moved = await door.pay(single('1234567840', 'Dedi'), '70000', { accountChanges: true })
      if (!moved.ok) return moved
      return door.retryBatch(failedBatch)
    },
    expect: 'refused',
  },
  {
    name: 'what waits for release can be cancelled at either door, and nothing is sent',
    before: limitPerPayout,
    act: async (door, world) => {
      const sent = await door.sendFile('over.csv', csv(row('1234567850', 'Joko', 150_000)))
      if (!sent.ok) return sent
      return door.cancelBatch(newestBatch(world))
    },
    expect: 'done',
  },
  {
    name: 'a held batch whose payee was paid at another account since is not released, at either door',
    before: limitPerPayout,
    act: async (door, world) => {
      const held = await door.sendFile('held.csv', csv(row('1234567807', 'Sari', 150_000)))
      if (!held.ok) return held
      const batch = newestBatch(world)
      const moved = await door.sendFile('moved.csv', csv(row('1234567808', 'Sari', 50_000)), {
        accountChanges: true,
      })
      if (!moved.ok) return moved
      await door.settle()
      return door.release(batch)
    },
    expect: 'refused',
    because: /Sari is now known at/,
  },
  {
    name: 'a batch over a release limit is not sent by starting it again, at either door',
    before: limitPerPayout,
    act: async (door, world) => {
      const sent = await door.sendFile('over.csv', csv(row('1234567806', 'Joko', 150_000)))
      if (!sent.ok) return sent
      return door.resume(newestBatch(world))
    },
    expect: 'refused',
  },
  {
    name: 'a profile moved to another merchant with the new secret in the same change is moved, at either door',
    before: withoutCallbackAddress,
    act: (door, world) => door.moveProfile(world.profileName, '0000000099', 'second-account-secret'),
    expect: 'done',
  },
  {
    name: 'a profile moved to another merchant without its new secret is refused, at either door',
    before: withoutCallbackAddress,
    act: (door, world) => door.moveProfile(world.profileName, '0000000099'),
    expect: 'refused',
    nothing: true,
    because: /needs its secret again/,
  },
  {
    name: 'a file for a profile that cannot send (no callback address) is refused before anything is written',
    before: withoutCallbackAddress,
    act: (door) => door.sendFile('no-callback.csv', csv(row('1234567870', 'Tono', 40_000))),
    expect: 'refused',
    nothing: true,
    because: /notify \(callback\) URL/,
  },
  {
    name: 'a single payout for a profile that cannot send is refused before anything is written',
    before: withoutCallbackAddress,
    act: (door) => door.pay(single('1234567871', 'Tono'), '40000'),
    expect: 'refused',
    nothing: true,
    because: /notify \(callback\) URL/,
  },
  {
    name: 'marking a payout paid without a note is refused at both doors, and the payout still waits (finding 7)',
    act: async (door) => {
      const unknown = await unknownStatus(door, 'PARDEC001')
      return unknown.ok ? door.decide('PARDEC001', 'paid', {}) : unknown
    },
    expect: 'refused',
    because: /add (a note|--note) saying what you checked/,
  },
  {
    name: 'a decision made on what the person saw before the payout moved on is refused (finding 7)',
    act: async (door) => {
      const unknown = await unknownStatus(door, 'PARDEC002')
      const note = 'the gateway confirmed it by phone'
      return unknown.ok ? door.decide('PARDEC002', 'paid', { note, seen: 'older' }) : unknown
    },
    expect: 'refused',
    because: /changed since/,
  },
  {
    name: 'marking a payout paid with a note settles it the same way at both doors',
    act: async (door) => {
      const unknown = await unknownStatus(door, 'PARDEC003')
      const note = 'the gateway confirmed it by phone'
      return unknown.ok ? door.decide('PARDEC003', 'paid', { note }) : unknown
    },
    expect: 'done',
  },
]

/**
 * The door acts with a Vexora profile of the sandbox's merchant that has no notify (callback) URL, which
 * Vexora requires of every payout: nothing written with it could ever leave.
 */
async function withoutCallbackAddress(world: World): Promise<void> {
  const { sandbox } = world
  await setUp(
    world,
    'profile',
    'add',
    '--name',
    'No callback',
    '--provider',
    'vexora',
    '--base-url',
    sandbox.vexoraBaseUrl('id'),
    '--merchant-no',
    sandbox.credentials.vexora.merchantNo,
    '--secret-stdin',
  )
  world.profileName = 'No callback'
}

/** A payout the gateway answers with a status nobody knows (the sandbox's REVIEW name): it needs a person. */
async function unknownStatus(door: Door, reference: string): Promise<Outcome> {
  const sent = await door.sendFile(
    `${reference}.csv`,
    withReference(reference, row('1234567860', 'Ana REVIEW', 90_000)),
  )
  if (!sent.ok) return sent
  await door.settle()
  return door.refresh()
}

async function through(kind: 'window' | 'cli', scenario: Scenario) {
  const world: World = await makeWorld(`${tmp.dir}/${kind}-${n++}`)
  await scenario.before?.(world)
  const door = kind === 'window' ? await windowDoor(world) : cliDoor(world)
  try {
    const outcome = await scenario.act(door, world)
    await door.settle()
    return {
      outcome,
      ledger: ledgerRows(world.dataDir),
      recipients: recipientRows(world.dataDir),
      orders: gatewayOrders(world.sandbox),
    }
  } finally {
    await door.close()
    await world.sandbox.close()
  }
}

describe('door parity', { timeout: 180_000 }, () => {
  for (const scenario of SCENARIOS)
    it(scenario.name, async () => {
      const window = await through('window', scenario)
      const cli = await through('cli', scenario)
      expect(window.outcome.ok, `window: ${JSON.stringify(window.outcome)}`).toBe(scenario.expect === 'done')
      expect(cli.outcome.ok, `cli: ${JSON.stringify(cli.outcome)}`).toBe(scenario.expect === 'done')
      if (scenario.because && !window.outcome.ok && !cli.outcome.ok) {
        expect(window.outcome.message).toMatch(scenario.because)
        expect(cli.outcome.message).toMatch(scenario.because)
      }
      if (scenario.nothing) {
        expect(window.ledger).toEqual([])
        expect(window.orders).toEqual([])
      }
      expect(cli.ledger).toEqual(window.ledger)
      expect(cli.recipients).toEqual(window.recipients)
      expect(cli.orders).toEqual(window.orders)
    })
})
