/**
 * Runs `work` at most once per `ms`, always after the last call: a burst of push events from main (a batch
 * settling hundreds of payouts) becomes one reload at its end instead of hundreds.
 */
export function throttled(work: () => void, ms = 500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  return () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      work()
    }, ms)
  }
}
