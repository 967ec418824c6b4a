import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/fuzz/**/*.fuzz.test.ts',
      'tests/sim/**/*.sim.test.ts',
    ],
    environment: 'node',
    // Native modules (better-sqlite3, keytar) are happiest in child processes, not worker threads.
    pool: 'forks',
    // One at a time on the 2-core machines this runs on. Two took 9.4 minutes instead of 13 to 16, and
    // each worker has its keychain entries to itself (tests/support/worker-keychain.ts), but on a machine
    // busy with other work two timing-bound tests failed (a sandbox callback past its 30 s wait, a decision
    // racing a refresh): not until those are made independent of load.
    maxWorkers: 1,
    setupFiles: ['tests/support/worker-keychain.ts'],
    testTimeout: 20_000,
  },
})
