import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { startCheckpointer, type Checkpointer } from '../../electron/ledger/checkpointer.ts'
import type { Ledger } from '../../electron/ledger/open-ledger.ts'

export interface Figure {
  name: string
  value: number
  unit: string
  /** How many items the figure measured (rows, requests, pages…); a figure that measured none fails. */
  measured: { count: number; of: string }
  /** What the figure is compared with, measured in the same run, and the goal when there is one. */
  reference?: { name: string; value: number; unit: string } | undefined
  goal?: string | undefined
}

export function report(figure: Figure): Figure {
  process.stdout.write(`${JSON.stringify(figure)}\n`)
  return figure
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

/** As in the app: the ledger's WAL checkpoints run on their own thread, not inside a committing call. */
export async function appCheckpoints(db: Ledger): Promise<Checkpointer> {
  const workerPath = join(import.meta.dirname, '../../electron/ledger/checkpoint-worker.ts')
  const checkpointer = startCheckpointer(db, { workerPath })
  if (!(await checkpointer.started)) throw new Error('the checkpoint worker did not start')
  return checkpointer
}

/**
 * The longest the main event loop was kept from running a 2 ms timer, less the 2 ms: the longest block.
 * On a shared machine the operating system's own scheduling shows up here too; measure the idle loop in
 * the same run as the reference.
 */
export function blockMonitor(intervalMs = 2) {
  let last = performance.now()
  let max = 0
  let ticks = 0
  const timer = setInterval(() => {
    const now = performance.now()
    max = Math.max(max, now - last - intervalMs)
    last = now
    ticks++
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      max = Math.max(max, performance.now() - last - intervalMs)
      return { maxBlockMs: max, ticks }
    },
  }
}

/**
 * The sandbox in its own process, so the figures of the client are not mixed with the gateway's. With a
 * long `settleMs` what is sent stays processing, so a refresh has open payouts to ask about.
 */
export async function sandboxProcess(settleMs = 0): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      join(import.meta.dirname, '../../electron/sandbox/standalone.ts'),
      '--port',
      '0',
      '--settle-ms',
      String(settleMs),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      // The whole address: the sandbox serves under a secret path (without it every request is a 404).
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', () => reject(new Error('sandbox exited')))
  })
  return { url, child }
}
