import { Text, Title } from '@mantine/core'
import { useEffect, useRef, type ReactNode } from 'react'
import { takeNavigationFocus } from '../app/nav-store.ts'

/**
 * A screen's one h1 and the line under it that says what the screen is for. Opened from the navigation,
 * the heading takes focus, so the screen reader announces the new screen and Tab starts from it.
 */
export function PageHeader({ title, subtitle }: { title: ReactNode; subtitle?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (takeNavigationFocus()) ref.current?.focus()
  }, [])
  return (
    <div>
      <Title order={1} ref={ref} tabIndex={-1}>
        {title}
      </Title>
      {subtitle && <Text c="dimmed">{subtitle}</Text>}
    </div>
  )
}
