/**
 * Why a stored email ended failed, held or ignored. The code and its
 * values are kept with the message so pages can show the reason in
 * the reader's language; the English text goes to the error column
 * and the log.
 */
const TEMPLATES = {
  too_large: 'message of {size} MB exceeds the limit of {limit} MB',
  unparseable: 'unparseable: {detail}',
  empty_input: 'empty input',
  not_email: 'no header section: not an email message',
  no_content: 'no sender, subject or content',
  no_answering_point: 'no answering point for this message',
  store_failed: 'could not be stored: {detail}',
  own_address: "sent from the tenant's own address {address}",
  held_for_review: 'new conversation held for review',
  rejected: 'rejected by {user}',
  resolved: 'marked resolved by {user} (was: {previous})',
} as const

export type ReasonCode = keyof typeof TEMPLATES
export type ReasonParams = Record<string, string | number>

/**
 * A reason: its code, values and English text.
 */
export interface Reason {
  code: ReasonCode
  params: ReasonParams
  text: string
}

/**
 * Builds a reason; long values (parser messages) are shortened.
 */
export function reason(code: ReasonCode, params: ReasonParams = {}): Reason {
  const clipped = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.slice(0, 500) : value,
    ])
  )
  const text = TEMPLATES[code].replace(/\{(\w+)\}/g, (_, key) => String(clipped[key] ?? ''))
  return { code, params: clipped, text }
}

/**
 * The size reason, in megabytes with one decimal.
 */
export function tooLarge(size: number, limit: number) {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
  return reason('too_large', { size: mb(size), limit: mb(limit) })
}
