/**
 * Rows for a person at a terminal: a header row, then columns padded to the widest cell. Numbers (money)
 * are right-aligned so their digits line up. Plain text: no colours, so it reads the same in a pipe.
 */
export interface Column<T> {
  header: string
  cell: (row: T) => string
  align?: 'left' | 'right'
}

export function table<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = rows.map((row) => columns.map((c) => c.cell(row)))
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)))
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => {
        const width = widths[i] ?? 0
        // The last column is not padded: no trailing spaces.
        if (i === values.length - 1 && columns[i]?.align !== 'right') return v
        return columns[i]?.align === 'right' ? v.padStart(width) : v.padEnd(width)
      })
      .join('  ')
  return [line(columns.map((c) => c.header)), ...cells.map(line)].map((l) => `${l}\n`).join('')
}
