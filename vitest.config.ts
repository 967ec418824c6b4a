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
    // Two at a time on the 2-core machines this runs on: 7.8 minutes instead of 13.8, most tests waiting on
    // child processes and loopback HTTP. Each worker has its keychain entries to itself
    // (tests/support/worker-keychain.ts).
    maxWorkers: 2,
    setupFiles: ['tests/support/worker-keychain.ts'],
    testTimeout: 20_000,
  },
})
