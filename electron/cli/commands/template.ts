import { writeFileSync } from 'node:fs'
import { AppError } from '../../errors.ts'
import { importTemplate } from '../../import/template.ts'
import { resolveProfile } from '../../payouts/draft-payout.ts'
import type { Services } from '../../services/create-services.ts'
import { UsageError, profileByName, type CliIo } from '../cli-context.ts'

/** The window's "Download template": an empty .xlsx with the profile's gateway columns, formatted as text. */
export async function templateCommand(
  services: Services,
  args: { profile?: string; out?: string },
  io: CliIo,
): Promise<number> {
  const profile = profileByName(services, args.profile)
  if (!args.out) throw new UsageError('--out F.xlsx is required')
  if (!args.out.toLowerCase().endsWith('.xlsx')) throw new UsageError('--out must name an .xlsx file')
  const { shape } = resolveProfile(services.ledger, profile.id)
  try {
    writeFileSync(args.out, await importTemplate(shape), { flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new AppError('INVALID_INPUT', { key: 'fileExists', params: { file: args.out } })
    const detail = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new AppError('INVALID_INPUT', { key: 'fileNotWritten', params: { file: args.out, detail } })
  }
  const columns = [
    'amount',
    'reference (optional)',
    ...shape.fields.map((f) => `${f.key}${f.required ? '' : ' (optional)'}`),
  ]
  io.out(`Wrote ${args.out} for "${profile.name}": ${columns.join(', ')}.\n`)
  return 0
}
