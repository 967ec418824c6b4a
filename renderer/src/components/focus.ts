import { useEffect, useRef } from 'react'

/**
 * Moves keyboard focus to an element once it is on screen: the heading or result that replaced what the
 * person was working on (a sent payout, the next import step), so a screen reader reads it and Tab goes on
 * from there instead of from <body>. `key` re-focuses when the content changes in place.
 */
export function useFocusOnShow<T extends HTMLElement>(enabled = true, key?: unknown) {
  const ref = useRef<T>(null)
  useEffect(() => {
    if (enabled) ref.current?.focus({ preventScroll: false })
  }, [enabled, key])
  return ref
}

/** After a refused submit: focus the first field marked invalid inside `root`, if any. */
export function focusFirstInvalid(root: HTMLElement | null): boolean {
  const field = root?.querySelector<HTMLElement>('[aria-invalid="true"]')
  field?.focus()
  return Boolean(field)
}
