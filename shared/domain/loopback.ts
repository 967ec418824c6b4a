/**
 * Loopback only: the callback listener and the sandbox gateway are reachable from this computer alone.
 * Names other than `localhost` are refused, since a name can resolve to anything.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h.replace(/^::ffff:/, ''))
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255)
}

/**
 * A host only this computer or its local network can reach: loopback, `*.localhost`, `*.local`, and the
 * private, link-local and unspecified address ranges. A gateway on the internet cannot call back there.
 */
export function isLocalNetworkHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
  if (isLoopbackHost(h) || h.endsWith('.localhost') || h.endsWith('.local')) return true
  if (h === '::' || /^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h)) return true
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h)
  if (!v4) return false
  const [a, b] = [Number(v4[1]), Number(v4[2])]
  return (
    a === 0 ||
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  )
}

/** Whether `url` is http(s) to a loopback host (a callback the sandbox may deliver). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(parsed.hostname)
  } catch {
    return false
  }
}

export const LOOPBACK_ONLY_MESSAGE =
  'The callback listener only listens on this computer (127.0.0.1, ::1 or localhost). ' +
  'To let a gateway on the internet reach it, run a reverse proxy or tunnel of your own to it and give the gateway that public address.'
