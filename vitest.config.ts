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
    // Two at once on the 2-core machines this runs on (vitest would take one): 13 minutes become about 8.
    // Each worker has its keychain entries to itself (tests/support/worker-keychain.ts).
    maxWorkers: 2,
    setupFiles: ['tests/support/worker-keychain.ts'],
    testTimeout: 20_000,
  },
})
