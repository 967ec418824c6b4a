// `npm run soak -- --seeds N [--from S]`: the seeded simulation over N seeds from S (default: 200 from a
// random start, printed, so a failure can be replayed with SIM_SEED).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { seeds: { type: 'string' }, from: { type: 'string' } } })
const seeds = Number(values.seeds ?? 200)
const from = Number(values.from ?? 1 + Math.floor(Math.random() * 1_000_000))
if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(from) || from < 0) {
  process.stderr.write('usage: npm run soak -- --seeds N [--from S]\n')
  process.exit(2)
}
process.stdout.write(`simulation: seeds ${from} to ${from + seeds - 1}\n`)
const vitest = join(import.meta.dirname, '../../node_modules/.bin/vitest')
const run = spawnSync(vitest, ['run', 'tests/sim', '-t', 'seed \\d+$'], {
  stdio: 'inherit',
  env: { ...process.env, SIM_SEEDS: String(seeds), SIM_FIRST_SEED: String(from) },
})
process.exit(run.status ?? 1)
