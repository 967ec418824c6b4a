import { homedir } from 'node:os'
import { wordError, type ErrorText, type MessageLanguage } from '../../shared/messages/errors.ts'
import { formatDecimalMoney, formatMoney, type CurrencyCode } from '../../shared/money.ts'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError } from '../errors.ts'
import { listProfiles, type ProfileRecord } from '../ledger/profiles-repo.ts'
import { findSandboxUrl } from '../sandbox/sandbox-address.ts'
import { createServices, type Services } from '../services/create-services.ts'

/** "1 payout", "2 payouts": the same counting as the messages'. */
export { count } from '../../shared/messages/wording.ts'

/** The language of this terminal, from the locale variables as POSIX reads them (LC_ALL first). */
export function terminalLanguage(env: NodeJS.ProcessEnv = process.env): MessageLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/** A refusal in this terminal's language, worded for the command line (its options, not the window's menus). */
export const terminalWords = (text: ErrorText, env: NodeJS.ProcessEnv = process.env): string =>
  wordError(text, terminalLanguage(env), 'cli')

/** A mistake in how the command was called: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** The same folder the app uses (Electron's userData for "Payout Desk"), unless told otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.PAYOUT_DESK_HOME?.trim()) return env.PAYOUT_DESK_HOME.trim()
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Payout Desk')
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Payout Desk')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Payout Desk')
}

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
  stdin: () => Promise<Buffer>
  isTty: boolean
  ask: (question: string) => Promise<string>
}

/**
 * The app's services without a window: same ledger, same keychain entries. No built-in sandbox runs
 * here (its orders would vanish with the process); the built-in sandbox profiles use the
 * `payout-desk sandbox` recorded in the data folder, or the one $PAYOUT_DESK_SANDBOX_URL names. In-doubt
 * payouts are asked about first only by commands that talk to gateways.
 */
export async function openServices(
  dataDir: string,
  sandboxUrl: string | undefined,
  log: (where: string, e: unknown) => void,
  gateway: boolean,
): Promise<Services> {
  const sandbox = sandboxUrl?.replace(/\/+$/, '') ?? findSandboxUrl(dataDir)
  const services = await createServices({
    appVersion: 'cli',
    dataDir,
    sandbox: sandbox ? { url: sandbox } : false,
    poll: false,
    // Reading never waits on a gateway: recovery runs only for commands that talk to one.
    recover: gateway,
    // The app's callback listener stays the app's; `payout-desk listen` starts its own.
    listen: false,
    checkpointWorker: fileURLToPath(new URL('../ledger/checkpoint-worker.ts', import.meta.url)),
    hooks: { onError: log },
  })
  if (gateway) await services.ready
  return services
}

export function profileByName(services: Services, name: string | undefined): ProfileRecord {
  if (!name) throw new UsageError('--profile NAME is required')
  const profile = listProfiles(services.ledger).find((p) => p.name === name)
  if (!profile) throw new AppError('NOT_FOUND', { key: 'profileNotNamed', params: { name } })
  return profile
}

/** A --port value: a whole number from 0 (any free port) to 65535. */
export function portArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`--port takes 0 to 65535, not "${value}"`)
  return port
}

const two = (n: number) => String(n).padStart(2, '0')

/** A moment in this computer's time zone, with the zone's offset: "2026-12-01 15:04:05 +07:00". */
export function localTime(ms: number): string {
  const d = new Date(ms)
  const offset = -d.getTimezoneOffset()
  const zone = `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`
}

/** Amounts for a terminal or a script: plain spaces, English digits, the currency code first. */
export const money = (minor: number, currency: CurrencyCode): string =>
  formatMoney(minor, currency, 'en').replace(/\s/g, ' ')

/** The same for an exact decimal that may have more places than the currency (a gateway balance). */
export const moneyDecimal = (decimal: string, currency: CurrencyCode): string =>
  formatDecimalMoney(decimal, currency, 'en').replace(/\s/g, ' ')
