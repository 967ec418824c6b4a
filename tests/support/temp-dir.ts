import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh folder under the OS temp dir (or `under`), removed by the returned cleanup. */
export function makeTempDir(prefix = 'payout-desk-', under = tmpdir()): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(under, prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
