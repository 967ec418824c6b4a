import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react'

interface Props {
  count: number
  rowHeight: number
  label: string
  testId: string
  /** Told the last index on screen, so a caller can fetch the next page before the end is reached. */
  onRange?: (lastIndex: number) => void
  renderRow: (index: number, style: CSSProperties) => ReactNode
}

/** A scrolling body that puts only the rows on screen in the page: 100,000 rows scroll like 10. */
export function VirtualRows({ count, rowHeight, label, testId, onRange, renderRow }: Props) {
  const scroller = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back new functions each render, so this component must stay out of the compiler's memoization, which is what skipping it does.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0
  useEffect(() => onRange?.(lastIndex), [lastIndex, onRange])
  return (
    <div ref={scroller} className="vtable-body" role="table" aria-label={label} data-testid={testId}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) =>
          renderRow(item.index, { transform: `translateY(${item.start}px)`, height: rowHeight }),
        )}
      </div>
    </div>
  )
}
