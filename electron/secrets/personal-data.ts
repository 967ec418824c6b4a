import { rewriteFields } from './secret-fields.ts'

/**
 * Account numbers, phones and e-mails cut to their last four characters: enough for support to tell
 * payouts apart, not enough to pay or call anyone. Found by field name, and in free text by shape.
 */
export const lastFour = (value: string): string => (value.length <= 4 ? value : `***${value.slice(-4)}`)

const normalised = (name: string) => name.replace(/[^A-Za-z0-9]/g, '').toLowerCase()
const isPersonalField = (name: string) => {
  const n = normalised(name)
  return (n.includes('account') && !n.endsWith('name')) || /(?:phone|mobile|msisdn|email|mail)$/.test(n)
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const INTERNATIONAL_PHONE = /\+\d[\d -]{7,}\d/g
// Zero-led like a local phone or a padded account (0812…, 0012345), or long like any account; not a
// piece of an id, a decimal or a path segment joined by a dash.
const DIGIT_RUN = /(?<![\w.-])(?:0\d{6,}|\d{9,})(?![\w-])/g

export function maskPersonalData(text: string): string {
  return rewriteFields(text, (name, value) => (isPersonalField(name) ? lastFour(value) : null))
    .replace(EMAIL, lastFour)
    .replace(INTERNATIONAL_PHONE, (phone) => lastFour(phone.replace(/[ -]/g, '')))
    .replace(DIGIT_RUN, lastFour)
}
