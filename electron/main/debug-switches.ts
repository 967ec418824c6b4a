/**
 * Switches that hand the running app to a debugger: Chromium's DevTools protocol (over a port any local
 * process can reach, or a pipe) and Node's inspector. A packaged app holds payout secrets in memory and
 * signs with them, so it refuses to start with any of them; the fuses already keep ELECTRON_RUN_AS_NODE,
 * NODE_OPTIONS and Node's own --inspect off, and this covers what Chromium reads itself.
 */
const REFUSED = ['remote-debugging-port', 'remote-debugging-pipe', 'remote-debugging-address', 'inspect']

// Chromium reads `--name`, `-name` and (on Windows) `/name`, with or without `=value`, in any case there.
const SWITCH = /^(?:--?|\/)([a-z][a-z0-9-]*)(?:=|$)/i

const isRefused = (name: string) =>
  REFUSED.some((refused) => name === refused || (refused === 'inspect' && name.startsWith('inspect-')))

/** The debugging switches on this command line (as written), or none. */
export function debuggingSwitches(
  argv: readonly string[],
  hasSwitch: (name: string) => boolean = () => false,
): string[] {
  const given = argv.filter((arg) => {
    const name = SWITCH.exec(arg)?.[1]?.toLowerCase()
    return name !== undefined && isRefused(name)
  })
  // Chromium also takes switches from places other than argv (a switches file, the environment).
  const elsewhere = REFUSED.filter((name) => hasSwitch(name)).map((name) => `--${name}`)
  return [...new Set([...given, ...elsewhere])]
}

export const refusalMessage = (switches: readonly string[]): string =>
  `Payout Desk does not start with debugging switches (${switches.join(', ')}): they would let other programs read its secrets. Start it without them.`
