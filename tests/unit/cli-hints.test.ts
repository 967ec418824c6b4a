import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commandWords, findCommand, optionsOf } from '../../electron/cli/command-spec.ts'
import { COMMANDS } from '../../electron/cli/command-table.ts'

/*
 * Every command a message, a printed hint or the README tells a person to type (`payout-desk …` in
 * backticks) names a command that exists and only options it takes: a hint that names a missing option
 * (`retry --id REF`) sends the person to an error at the moment they are fixing one.
 */
const sources = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f))

const files = [
  ...sources('electron', /\.ts$/),
  ...sources('shared', /\.ts$/),
  ...sources('docs', /\.md$/),
  'README.md',
]

/** The hints as a person would type them: code in a template becomes a word, usage grammar is left out. */
function hints(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = []
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').matchAll(/`(payout-desk [^`\n]*?)\\?`/g)) {
      // `payout-desk ${spec.name} --help`: the command is whichever failed; nothing to check.
      if ((m[1] ?? '').startsWith('payout-desk ${')) continue
      const text = (m[1] ?? '').replace(/\$\{[^}]*\}/g, 'W1234567').replace(/\\n$/, '')
      // Grammar (`(BATCH | --all)`, `[--per-day A]`), a pipe to another program, `COMMAND` placeholders.
      if (/[[(|]|COMMAND/.test(text)) continue
      found.push({ file, text })
    }
  return found
}

const words = (text: string): string[] =>
  [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '').slice(1)

describe('command-line hints', () => {
  const all = hints()

  it('are found in messages, commands and the README', () => {
    expect(all.length).toBeGreaterThan(30)
    expect(all.some((h) => h.file.startsWith('shared/messages'))).toBe(true)
  })

  it('name a real command and only options that command takes', () => {
    const wrong: string[] = []
    for (const { file, text } of all) {
      let argv = words(text)
      if (argv[0] === 'help') argv = argv.slice(1)
      if (argv.length === 0 || argv[0] === '--help' || argv[0] === '--version') continue
      const spec = findCommand(COMMANDS, commandWords(COMMANDS, argv))
      if (!spec) {
        wrong.push(`${file}: ${text}: no such command`)
        continue
      }
      const options = optionsOf(spec)
      for (const word of argv.filter((w) => w.startsWith('--'))) {
        const name = word.slice(2).split('=')[0] ?? ''
        if (!(name in options)) wrong.push(`${file}: ${text}: ${spec.name} takes no --${name}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
