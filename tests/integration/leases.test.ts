// Leases (electron/ledger/leases.ts) on a real ledger file: a lease whose process is gone is taken over at
// once only when that process ran on this computer, told by the host name and the computer's id, so a
// namesake computer's desk, still sending, keeps its payouts.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computerId } from '../../electron/ledger/computer-id.ts'
import { leaseOwnerId, onThisComputer, ownerIsGone, takeLease } from '../../electron/ledger/leases.ts'
import { openLedger } from '../../electron/ledger/open-ledger.ts'
import { insertProfile } from '../../electron/ledger/profiles-repo.ts'
import { draftPayout } from '../../electron/payouts/draft-payout.ts'
import { idrFields } from '../support/sandbox-clients.ts'

/** The id of a process of this computer that has ended. */
const endedPid = () => spawnSync(process.execPath, ['-e', '']).pid

describe('leases of processes that are gone', () => {
  it('names this computer by host name and computer id, and takes over at once only a lease of this computer', () => {
    const db = openLedger(join(mkdtempSync(join(tmpdir(), 'leases-')), 'ledger.sqlite3'))
    const profile = insertProfile(db, {
      name: 'Acme',
      provider: 'vexora',
      area: 'ID',
      environment: 'sandbox',
      baseUrl: 'http://127.0.0.1:9/vexora/id',
      merchantId: 'M-1',
      notifyUrl: 'http://127.0.0.1:9/unused',
    })
    let amount = 50_000
    const payout = () =>
      draftPayout(db, { profileId: profile.id, amountMinor: ++amount, fields: idrFields('0012345678') })
    const me = leaseOwnerId()
    expect(me.split(':')).toEqual([hostname(), String(process.pid), expect.any(String), computerId() ?? ''])
    const gone = endedPid()
    const here = `${hostname()}:${gone}:aaaa1111:${computerId() ?? ''}`
    const namesake = `${hostname()}:${gone}:bbbb2222:0123456789abcdef`
    const before = `${hostname()}:${gone}:cccc3333`
    expect([onThisComputer(here), onThisComputer(namesake)]).toEqual([true, false])
    expect([ownerIsGone(here), ownerIsGone(namesake)]).toEqual([true, false])
    // An owner written before owners carried the id: another computer's where this one has an id.
    expect(onThisComputer(before)).toBe(computerId() === null)

    const now = Date.now()
    const held = (owner: string) => {
      const id = payout()
      db.prepare('UPDATE payouts SET lease_owner = ?, lease_until = ? WHERE id = ?').run(
        owner,
        now + 60_000,
        id,
      )
      return takeLease(db, id, me, now, 30_000)
    }
    expect(held(here)).toBe(true)
    expect(held(namesake)).toBe(false)
    db.close()
  })

  it('knows this computer by a hashed id where the system keeps one, never the id itself', () => {
    const id = computerId()
    if (process.platform !== 'linux') return
    const raw = spawnSync('cat', ['/etc/machine-id', '/var/lib/dbus/machine-id'], { encoding: 'utf8' }).stdout
    if (!raw.trim()) return expect(id).toBeNull()
    expect(id).toMatch(/^[0-9a-f]{16}$/)
    expect(raw).not.toContain(id)
    expect(computerId()).toBe(id)
  })
})
