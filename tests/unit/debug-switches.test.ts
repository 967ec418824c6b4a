import { describe, expect, it } from 'vitest'
import { debuggingSwitches, refusalMessage } from '../../electron/main/debug-switches.ts'

const app = '/opt/Payout Desk/payout-desk'

describe('debugging switches on a packaged app', () => {
  it('finds Chromium’s remote debugging and Node’s inspector in every spelling Chromium reads', () => {
    for (const arg of [
      '--remote-debugging-port=9222',
      '--remote-debugging-port',
      '-remote-debugging-port=9222',
      '/remote-debugging-port=9222',
      '--REMOTE-DEBUGGING-PORT=9222',
      '--remote-debugging-pipe',
      '--remote-debugging-address=0.0.0.0',
      '--inspect',
      '--inspect=9229',
      '--inspect-brk',
      '--inspect-brk-node',
      '--inspect-port=0',
    ])
      expect(debuggingSwitches([app, '--no-sandbox', arg]), arg).toEqual([arg])
  })

  it('also sees one Chromium took from elsewhere', () => {
    expect(debuggingSwitches([app], (name) => name === 'remote-debugging-port')).toEqual([
      '--remote-debugging-port',
    ])
  })

  it('lets an ordinary start through', () => {
    expect(debuggingSwitches([app])).toEqual([])
    expect(
      debuggingSwitches([app, '--lang=id', '/home/siti/inspector-notes.csv', '--enable-logging']),
    ).toEqual([])
  })

  it('says plainly what to do', () => {
    expect(refusalMessage(['--inspect'])).toBe(
      'Payout Desk does not start with debugging switches (--inspect): they would let other programs read its secrets. Start it without them.',
    )
  })
})
