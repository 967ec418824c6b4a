import { afterAll, describe, expect, it } from 'vitest'
import {
  cliDoor,
  gatewayOrders,
  ledgerRows,
  makeWorld,
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
 * Covers the actions: import (stage and commit, duplicate acceptance), batches (send).
 */

const tmp = makeTempDir('payout-desk-door-parity-')
afterAll(() => tmp.cleanup())

const HEADER = 'bankCode,bankAccountNo,customerName,mobile,email,amount'
const row = (account: string, name: string, amount: number) =>
  `0002,${account},${name},081234567890,${name.toLowerCase().replace(/\W/g, '')}@example.com,${amount}`
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`

interface Scenario {
  name: string
  /** What the person does, through whichever door. */
  act: (door: Door) => Promise<Outcome>
  /** Done, or refused (with nothing written and nothing sent). */
  expect: 'done' | 'refused'
}

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
]

async function through(kind: 'window' | 'cli', scenario: Scenario) {
  const world: World = await makeWorld(`${tmp.dir}/${kind}-${n++}`)
  const door = kind === 'window' ? await windowDoor(world) : cliDoor(world)
  try {
    const outcome = await scenario.act(door)
    await door.settle()
    return { outcome, ledger: ledgerRows(world.dataDir), orders: gatewayOrders(world.sandbox) }
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
      if (scenario.expect === 'refused') {
        expect(window.ledger).toEqual([])
        expect(window.orders).toEqual([])
      }
      expect(cli.ledger).toEqual(window.ledger)
      expect(cli.orders).toEqual(window.orders)
    })
})
