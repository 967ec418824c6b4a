#!/usr/bin/env node
// Renders resources/icon.svg to the 1024×1024 resources/icon.png that electron-builder turns into each
// platform's icon set. Run after editing the SVG; the PNG is committed.
import { chromium } from '@playwright/test'
import { readFileSync } from 'node:fs'

const svg = readFileSync('resources/icon.svg', 'utf8')
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } })
await page.setContent(`<body style="margin:0;background:transparent">${svg}</body>`)
await page.locator('svg').screenshot({ path: 'resources/icon.png', omitBackground: true })
await browser.close()
