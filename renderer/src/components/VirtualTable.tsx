import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react'

const HEADER_HEIGHT = 40

export interface VirtualColumn {
  /** What the column header says; a column of controls still names itself (visually hidden). */
  header: ReactNode
  className?: string
}

export interface VirtualRow {
  key: string | number
  cells: ReactNode[]
  /** Extra attributes of the row element (data-*, aria-selected, onClick, onKeyDown…). */
  props?: HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string | number | boolean | undefined>
}

interface Props {
  count: number
  rowHeight: number
  label: string
  testId: string
  /** The grid-template class the header and every row share, so columns line up. */
  gridClass: string
  columns: VirtualColumn[]
  row: (index: number) => VirtualRow | null
  /**
   * Rows are one Tab stop: the table is entered on one row and Up/Down, Home/End, Page Up/Down move
   * between rows (scrolling rows in as needed). Without it, only the controls inside rows are focusable.
   */
  navigableRows?: boolean
  /** Told the last index on screen, so a caller can fetch the next page before the end is reached. */
  onRange?: (lastIndex: number) => void
}

/**
 * A table that puts only the rows on screen in the page (100,000 rows scroll like 10), with the structure
 * a screen reader needs: role=table > rowgroup (header) + rowgroup (body) > row > columnheader / cell,
 * and aria-rowcount / aria-rowindex so a row is announced as "row 4,512 of 100,001".
 */
export function VirtualTable(props: Props) {
  const { count, rowHeight, label, testId, gridClass, columns, row, navigableRows, onRange } = props
  const scroller = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(0)
  const focusAfterScroll = useRef<number | null>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back new functions each render, so this component must stay out of the compiler's memoization, which is what skipping it does.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    // The sticky header sits inside the scrolling element, above the rows.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0
  useEffect(() => onRange?.(lastIndex), [lastIndex, onRange])
  // A row scrolled into the page for the keyboard gets focus once it is rendered.
  useEffect(() => {
    const wanted = focusAfterScroll.current
    if (wanted === null) return
    const element = scroller.current?.querySelector<HTMLElement>(`[data-index="${wanted}"]`)
    if (element) {
      focusAfterScroll.current = null
      element.focus({ preventScroll: true })
    }
  })
  const clampedActive = Math.min(active, Math.max(count - 1, 0))
  // The row Tab lands on: the active one, or the first on screen if that one was scrolled away.
  const tabRow = items.some((i) => i.index === clampedActive) ? clampedActive : (items[0]?.index ?? 0)

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!navigableRows) return
    const from = Number((event.target as HTMLElement).dataset.index)
    if (Number.isNaN(from)) return
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight) / rowHeight) - 1)
    const to = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: count - 1,
    }[event.key]
    if (to === undefined) return
    event.preventDefault()
    const next = Math.max(0, Math.min(count - 1, to))
    setActive(next)
    focusAfterScroll.current = next
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  return (
    <div
      ref={scroller}
      role="table"
      aria-label={label}
      aria-rowcount={count + 1}
      data-testid={testId}
      className="vtable-body"
      onKeyDown={move}
    >
      <div role="rowgroup" className="vtable-head-group">
        <div role="row" aria-rowindex={1} className={`vtable-head ${gridClass}`}>
          {columns.map((column, i) => (
            <div role="columnheader" key={i} className={column.className}>
              {column.header}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const r = row(item.index)
          if (!r) return null
          return (
            <div
              key={r.key}
              role="row"
              aria-rowindex={item.index + 2}
              data-index={item.index}
              tabIndex={navigableRows ? (item.index === tabRow ? 0 : -1) : undefined}
              onFocus={navigableRows ? () => setActive(item.index) : undefined}
              {...r.props}
              className={`vtable-row ${gridClass}`}
              style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)`, height: rowHeight }}
            >
              {r.cells.map((cell, i) => (
                <div role="cell" key={i} className={columns[i]?.className}>
                  {cell}
                </div>
              ))}
            </div>
          )
        })}
      </div>
    </div>
  )
}
