import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir } from '../private-files.ts'

/**
 * Where a running `payout-desk sandbox` listens, with its path token, so the other commands on the same
 * data folder find it without the token on their command line (where every local user could read it in
 * `ps`). The file is the owner's alone, like the ledger beside it.
 */
export const SANDBOX_ADDRESS_FILE = 'sandbox.json'

/** The environment variable that names a sandbox explicitly (tests, or a sandbox on another folder). */
export const SANDBOX_URL_ENV = 'PAYOUT_DESK_SANDBOX_URL'

export interface SandboxAddress {
  url: string
  pid: number
  startedAt: number
}

const pathIn = (dataDir: string) => join(dataDir, SANDBOX_ADDRESS_FILE)

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readRecord(dataDir: string): SandboxAddress | null {
  try {
    const recorded = JSON.parse(readFileSync(pathIn(dataDir), 'utf8')) as SandboxAddress
    return typeof recorded.url === 'string' && Number.isInteger(recorded.pid) ? recorded : null
  } catch {
    return null
  }
}

/** The sandbox recorded in this data folder, if its process still runs; a stale record is ignored. */
export function readSandboxAddress(dataDir: string): SandboxAddress | null {
  const recorded = readRecord(dataDir)
  return recorded && processIsAlive(recorded.pid) ? recorded : null
}

export function writeSandboxAddress(dataDir: string, url: string): void {
  ensurePrivateDir(dataDir)
  const record: SandboxAddress = { url, pid: process.pid, startedAt: Date.now() }
  writeFileSync(pathIn(dataDir), `${JSON.stringify(record)}\n`, { mode: 0o600 })
}

/** Removes the record if it is this process's (a second sandbox that was refused must not remove it). */
export function clearSandboxAddress(dataDir: string): void {
  if (readRecord(dataDir)?.pid === process.pid) rmSync(pathIn(dataDir), { force: true })
}

/** The sandbox the built-in sandbox profiles use: named by the environment, else the recorded one. */
export function findSandboxUrl(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env[SANDBOX_URL_ENV]?.trim()
  if (named) return named.replace(/\/+$/, '')
  return readSandboxAddress(dataDir)?.url ?? null
}
