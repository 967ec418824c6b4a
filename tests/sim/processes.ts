import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { CLI } from '../support/run-cli.ts'
import type { AppPlan } from './schedule.ts'

const APP = join(import.meta.dirname, 'app-process.ts')

export interface Ready {
  vexora: string
  bluepay: string
  listener: string
}

/** Something that happened, for the schedule's story when an invariant fails. */
export type Note = (line: string) => void

/** Every SIGKILL the simulation sent, with its time: answers sent just before may be lost honestly. */
export const kills: number[] = []

/** Every child still running, so a seed that timed out leaves none behind to load the next ones. */
const running = new Set<ChildProcess>()
function tracked<T extends ChildProcess>(child: T): T {
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}
export function killStray(): void {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
}

/** The app's services in a child process; killed and started again as the schedule says. */
export class AppProcess {
  /** What the app process refused to do (a draft the ledger would not take…): the schedule fails. */
  readonly errors: string[] = []
  private child: ChildProcess | null = null
  private waiting = new Map<string, () => void>()
  private exited: Promise<void> = Promise.resolve()
  private readonly plan: AppPlan
  private readonly note: Note

  constructor(plan: AppPlan, note: Note) {
    this.plan = plan
    this.note = note
  }

  get alive(): boolean {
    return this.child !== null
  }

  /** Resolves with what the app says once it is ready, or null when it was killed before that. */
  start(): Promise<Ready | null> {
    const child = tracked(
      spawn(process.execPath, [APP, JSON.stringify(this.plan)], { stdio: ['pipe', 'pipe', 'pipe'] }),
    )
    this.child = child
    let buffer = ''
    let stderr = ''
    const ready = new Promise<Ready | null>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString()
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl)
          buffer = buffer.slice(nl + 1)
          if (line.startsWith('ready ')) {
            this.note(`app ready (pid ${child.pid})`)
            resolve(JSON.parse(line.slice(6)) as Ready)
          }
          if (line.startsWith('error ')) {
            this.note(`app: ${line}`)
            this.errors.push(line.slice(6))
          }
          const done = /^(?:did|failed) (\w+)/.exec(line)
          if (done) {
            if (line.startsWith('failed')) this.note(`app: ${line}`)
            this.waiting.get(done[1] ?? '')?.()
          }
        }
      })
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.once('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve(null)
        else reject(new Error(`the app process exited before it was ready (${code ?? signal}): ${stderr}`))
      })
    })
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = null
        for (const wake of this.waiting.values()) wake()
        this.waiting.clear()
        if (code !== 0 && signal !== 'SIGKILL')
          this.note(`app exited ${code ?? signal}: ${stderr.slice(-2_000)}`)
        resolve()
      }),
    )
    this.note(`app started (pid ${child.pid})`)
    return ready
  }

  async kill(): Promise<void> {
    if (!this.child) return
    this.note(`SIGKILL app (pid ${this.child.pid})`)
    kills.push(Date.now())
    this.child.kill('SIGKILL')
    await this.exited
  }

  /** Sends a command; resolves when it is done or the process is gone. */
  command(name: 'retry' | 'refresh' | 'stop'): Promise<void> {
    if (!this.child?.stdin) return Promise.resolve()
    const done = new Promise<void>((resolve) => this.waiting.set(name, resolve))
    this.child.stdin.write(`${name}\n`)
    return name === 'stop' ? Promise.all([done, this.exited]).then(() => undefined) : done
  }
}

/**
 * `payout-desk <command>` on the same ledger and gateway; SIGKILLed after `killAfterMs` if given. A
 * command given as one string is split at spaces; as a list, its words are taken as they are.
 */
export function runCli(
  dataDir: string,
  gatewayUrl: string,
  words: string | readonly string[],
  killAfterMs: number | null,
  note: Note,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = typeof words === 'string' ? words : words.join(' ')
  const args = [
    CLI,
    '--data-dir',
    dataDir,
    '--sandbox-url',
    gatewayUrl,
    ...(typeof words === 'string' ? words.split(' ') : words),
  ]
  const child = tracked(spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] }))
  child.stdin.end(input ?? '')
  note(
    `cli ${command} (pid ${child.pid})${killAfterMs === null ? '' : `, to be killed after ${killAfterMs} ms`}`,
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer =
    killAfterMs === null
      ? null
      : setTimeout(() => {
          kills.push(Date.now())
          note(`SIGKILL cli ${command} (pid ${child.pid})`)
          child.kill('SIGKILL')
        }, killAfterMs)
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      note(
        `cli ${command} (pid ${child.pid}) ended ${code ?? signal}${stderr ? `: ${stderr.trim().slice(0, 300)}` : ''}`,
      )
      resolve({ code, stdout, stderr })
    }),
  )
}
