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
    testTimeout: 20_000,
  },
})
