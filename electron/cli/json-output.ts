import type { CliIo } from './cli-context.ts'

/**
 * With --json, standard output carries one JSON object and nothing else: what people read (progress,
 * summaries) goes to standard error instead, so a script can parse the result as it is.
 */
export function jsonOutput(io: CliIo, json: unknown): { io: CliIo; emit: (value: object) => void } {
  if (json !== true) return { io, emit: () => undefined }
  return { io: { ...io, out: io.err }, emit: (value) => io.out(`${JSON.stringify(value)}\n`) }
}
