/** Enough cases to find the shallow bugs on every run while keeping `npm test` bounded. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300)
