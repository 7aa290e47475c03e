/**
 * Subject handling: reply and forward prefixes in several languages,
 * and the tenant's ticket tag such as `[#1234]`.
 */

export const DEFAULT_SUBJECT_TAG = '[#{number}]'

/**
 * Reply and forward prefixes: English (Re, Fw, Fwd), Swedish (Sv,
 * VB), Danish and Norwegian (Sv, VS, Vs), Finnish (VS, VL), German
 * (AW, WG), Dutch (Antw, Doorst), French (TR, RE), Spanish and
 * Italian (RV, R), each optionally counted (`Re[2]:`, `Re(2):`,
 * `Re^2:`), with an ASCII or full-width colon.
 */
const PREFIX = new RegExp(
  String.raw`^\s*(?:re|aw|sv|vs|vl|antw|antwort|fwd?|vb|wg|tr|rv|doorst|r)` +
    String.raw`\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*`,
  'i'
)

/**
 * Strips every leading reply or forward prefix, repeated or not:
 * `Re: SV: AW[2]: Fwd: Hello` becomes `Hello`.
 */
export function stripReplyPrefixes(subject: string) {
  let current = subject.trim()
  for (let i = 0; i < 20; i++) {
    /* A mailing-list tag before the prefix stays, the prefix goes. */
    const next = current.replace(PREFIX, '')
    if (next === current) break
    current = next.trim()
  }
  return current
}

/**
 * Builds a safe regular expression from a tag pattern with a
 * `{number}` placeholder; every other character matches literally.
 * A pattern without a placeholder yields null.
 */
export function subjectTagRegex(pattern: string | null | undefined) {
  const source = (pattern ?? '').trim() || DEFAULT_SUBJECT_TAG
  const parts = source.split('{number}')
  if (parts.length !== 2) return null
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`${escape(parts[0])}\\s*(\\d{1,10})\\s*${escape(parts[1])}`, 'i')
}

/**
 * The ticket number in the subject's tag, or null.
 */
export function ticketNumberFrom(subject: string | null, pattern?: string | null) {
  if (!subject) return null
  const regex = subjectTagRegex(pattern)
  const match = regex?.exec(subject)
  if (!match) return null
  const number = Number(match[1])
  return Number.isSafeInteger(number) && number > 0 ? number : null
}

/**
 * Formats the tag for a ticket number, for outgoing subjects.
 */
export function subjectTag(number: number, pattern?: string | null) {
  const source = (pattern ?? '').trim() || DEFAULT_SUBJECT_TAG
  return source.includes('{number}')
    ? source.replace('{number}', String(number))
    : `${DEFAULT_SUBJECT_TAG.replace('{number}', String(number))}`
}

/**
 * The subject as a ticket shows it: without reply prefixes and without
 * the ticket tag.
 */
export function displaySubject(subject: string | null, pattern?: string | null) {
  if (!subject) return ''
  const regex = subjectTagRegex(pattern)
  const untagged = regex ? subject.replace(regex, ' ') : subject
  return stripReplyPrefixes(stripReplyPrefixes(untagged).replace(/\s{2,}/g, ' '))
}
