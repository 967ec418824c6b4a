import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

/**
 * What tells this computer from another with the same host name (two laptops both called "MacBook-Air",
 * two PCs both "localhost"): the operating system's own id of the machine, hashed, so the id itself never
 * leaves the desk. Null where the system gives none: a lease owner is then known by its host name alone,
 * as before.
 */
export function computerId(): string | null {
  if (known === undefined) {
    let raw: string | null
    try {
      raw = machineIdOfSystem(process.platform)
    } catch {
      raw = null
    }
    known = raw
      ? createHash('sha256').update(`Payout Desk: this computer is ${raw}`).digest('hex').slice(0, 16)
      : null
  }
  return known
}
let known: string | null | undefined

/** Read once a process; each is built into its system (no dependency to install). */
function machineIdOfSystem(platform: NodeJS.Platform): string | null {
  const run = (program: string, args: string[]) =>
    execFileSync(program, args, { encoding: 'utf8', timeout: 2_000, windowsHide: true })
  switch (platform) {
    case 'darwin':
      return (
        /"IOPlatformUUID" = "([^"]+)"/.exec(run('ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice']))?.[1] ??
        null
      )
    case 'win32':
      return (
        /MachineGuid\s+REG_SZ\s+(\S+)/.exec(
          run('reg', [
            'query',
            'HKLM\\SOFTWARE\\Microsoft\\Cryptography',
            '/v',
            'MachineGuid',
            // A 32-bit process on 64-bit Windows sees a registry of its own without it (review 62).
            ...(process.arch === 'ia32' && process.env.PROCESSOR_ARCHITEW6432 ? ['/reg:64'] : []),
          ]),
        )?.[1] ?? null
      )
    default:
      // systemd's, or D-Bus's on a system without systemd.
      for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
        try {
          const id = readFileSync(file, 'utf8').trim()
          if (id) return id
        } catch {
          // The next one.
        }
      }
      return null
  }
}
