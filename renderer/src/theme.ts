import { createTheme, darken, DEFAULT_THEME, type CSSVariablesResolver } from '@mantine/core'

// All styling decisions live here and in app.css, not in components.
export const theme = createTheme({
  primaryColor: 'indigo',
  // Filled controls use shade 8: white on indigo 8 is 5.7:1 (shade 6 was 4.3:1). Where white would not
  // reach 4.5:1 on a filled colour (orange, green, teal, yellow), autoContrast writes it in black.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.2,
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  // One h1 per screen, at the size the screens' titles had as h2.
  headings: {
    sizes: {
      h1: { fontSize: '1.625rem', lineHeight: '1.35' },
      h2: { fontSize: '1.25rem', lineHeight: '1.4' },
      h3: { fontSize: '1.0625rem', lineHeight: '1.45' },
    },
  },
})

/**
 * Colours that meet WCAG 2.2 AA (4.5:1 for text, 3:1 for focus rings and borders that carry meaning) in
 * both schemes. Mantine's defaults put text in shade 6 (dimmed grey #868e96 on white is 3.3:1, error red
 * #fa5252 3.3:1, a green badge's text 3.8:1 on its tint); here every coloured text is shade 9 darkened a
 * quarter in light, and shade 3 or 4 in dark, where the dimmed grey is dark 1 (7.8:1 on the body).
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--app-focus-ring': 'var(--mantine-color-indigo-8)',
    '--app-band-test-bg': 'var(--mantine-color-gray-1)',
    '--app-band-test-color': 'var(--mantine-color-gray-9)',
    '--app-band-real-bg': 'var(--mantine-color-red-1)',
    '--app-band-real-color': darken(t.colors.red[9], 0.25),
    '--app-band-real-border': 'var(--mantine-color-red-9)',
  }
  const dark: Record<string, string> = {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-1)',
    '--app-focus-ring': 'var(--mantine-color-indigo-3)',
    '--app-band-test-bg': 'var(--mantine-color-dark-5)',
    '--app-band-test-color': 'var(--mantine-color-dark-0)',
    '--app-band-real-bg': darken(t.colors.red[9], 0.55),
    '--app-band-real-color': 'var(--mantine-color-red-1)',
    '--app-band-real-border': 'var(--mantine-color-red-5)',
  }
  for (const name of Object.keys(DEFAULT_THEME.colors)) {
    // Yellow's shade 9 is the lightest: a quarter darker is 4.47:1 on its badge's tint, a third 5:1.
    const text = darken(t.colors[name]?.[9] ?? '#000000', name === 'yellow' ? 1 / 3 : 0.25)
    Object.assign(light, {
      [`--mantine-color-${name}-text`]: text,
      [`--mantine-color-${name}-light-color`]: text,
      [`--mantine-color-${name}-outline`]: text,
    })
    Object.assign(dark, {
      [`--mantine-color-${name}-text`]: `var(--mantine-color-${name}-3)`,
      [`--mantine-color-${name}-light-color`]: `var(--mantine-color-${name}-2)`,
      [`--mantine-color-${name}-outline`]: `var(--mantine-color-${name}-3)`,
    })
  }
  return { variables: {}, light, dark }
}
