import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isExternalWebUrl,
  resolveAppAsset,
} from '../../electron/main/security-policy.ts'

describe('isAppUrl', () => {
  it('accepts only the app origin and, while developing, the dev server origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
    expect(isAppUrl('app://payout-desk/assets/x.js')).toBe(true)
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
  })

  it('refuses look-alikes, credentials and other schemes', () => {
    for (const url of [
      'app://payout-desk.evil.com/index.html',
      'app://evil/index.html',
      'app://user:pw@payout-desk/index.html',
      'file:///etc/passwd',
      'https://payout-desk/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url, 'http://localhost:5173'), url).toBe(false)
    }
  })
})

describe('isExternalWebUrl', () => {
  it('hands only plain http(s) links to the OS browser', () => {
    expect(isExternalWebUrl('https://docs.example.org/page')).toBe(true)
    expect(isExternalWebUrl('http://example.org')).toBe(true)
    for (const url of [
      'file:///C:/x',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'smb://host/share',
      'https://u:p@x.org',
      '',
    ]) {
      expect(isExternalWebUrl(url), url).toBe(false)
    }
  })
})

describe('resolveAppAsset', () => {
  const root = resolve('/srv/app/renderer')
  it('maps app:// paths inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'app://payout-desk/index.html')).toBe(join(root, 'index.html'))
    expect(resolveAppAsset(root, 'app://payout-desk/')).toBe(join(root, 'index.html'))
    expect(resolveAppAsset(root, 'app://payout-desk/assets/a%20b.js?v=1')).toBe(
      join(root, 'assets', 'a b.js'),
    )
  })

  it('refuses anything that would leave the renderer folder or is not ours', () => {
    // The URL parser folds ../ and %2e%2e/ back inside the root; encoded slashes reach our guard.
    expect(resolveAppAsset(root, 'app://payout-desk/../secret.txt')).toBe(join(root, 'secret.txt'))
    expect(resolveAppAsset(root, 'app://payout-desk/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'))
    for (const url of [
      'app://payout-desk/..%2fsecret.txt',
      'app://payout-desk/assets/..%2f..%2fsecret.txt',
      'app://payout-desk/%00index.html',
      'app://payout-desk/%E0%A4%A',
      'app://other/index.html',
      'file:///srv/app/renderer/index.html',
    ]) {
      expect(resolveAppAsset(root, url), url).toBeNull()
    }
  })
})

describe('content security policy', () => {
  it('forbids inline and evaluated script and anything remote', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:|\*/)
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
  })

  it('is the same policy the page itself declares', () => {
    const html = readFileSync(resolve('renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
  })
})
