import { relative, resolve, sep } from 'node:path'

/** The packaged UI is served from this privileged scheme instead of file://, so it has a real origin. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'payout-desk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * No inline or evaluated script, nothing remote. Inline styles are allowed because the component library
 * writes its theme variables into a <style> element; styles cannot run code.
 * renderer/index.html carries the same string in a <meta> tag (a test keeps them equal).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** True when `url` belongs to the app itself: the app:// origin, or the dev server while developing. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  const parsed = parse(url)
  if (!parsed || parsed.username || parsed.password) return false
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true
  const dev = devServerUrl ? parse(devServerUrl) : null
  return dev !== null && parsed.origin === dev.origin
}

/** Only plain web links may be handed to the OS browser; never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url)
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username
}

/**
 * Maps an app:// request to a file inside the built renderer folder, or null when the path would escape it
 * (../, encoded traversal, absolute paths).
 */
export function resolveAppAsset(rendererRoot: string, requestUrl: string): string | null {
  const parsed = parse(requestUrl)
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const root = resolve(rendererRoot)
  const target = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
  const rel = relative(root, target)
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return null
  return target
}
