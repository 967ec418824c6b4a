/** Edit distance between two words (insertions, deletions, substitutions, swaps of neighbours). */
function distance(a: string, b: string): number {
  const width = b.length + 1
  const d = new Array<number>((a.length + 1) * width).fill(0)
  const at = (i: number, j: number) => d[i * width + j] ?? 0
  for (let i = 0; i <= a.length; i++) d[i * width] = i
  for (let j = 0; j <= b.length; j++) d[j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      d[i * width + j] = best
    }
  return at(a.length, b.length)
}

/**
 * The known word a mistyped one most likely meant ("sned" → "send", "--dry" → "--dry-run"), or null
 * when none is close: a third of the word's letters may differ, and a word that starts a known one counts.
 */
export function didYouMean(typed: string, known: readonly string[]): string | null {
  const word = typed.toLowerCase()
  if (word.length === 0) return null
  let best: { candidate: string; d: number } | null = null
  for (const candidate of known) {
    const d = candidate.startsWith(word) && word.length >= 3 ? 1 : distance(word, candidate.toLowerCase())
    if (d <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || d < best.d)) best = { candidate, d }
  }
  return best?.candidate ?? null
}
