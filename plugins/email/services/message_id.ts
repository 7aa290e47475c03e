import { createHmac, timingSafeEqual } from 'node:crypto'
import env from '#start/env'

/**
 * Signed Message-IDs for outgoing mail. An answer that quotes one in
 * In-Reply-To or References proves which ticket it belongs to, so the
 * intake can thread it without trusting the subject line:
 *
 *   <t{ticketId}.m{messageId}.{hmac16}@{domain}>
 *
 * where hmac16 is the first 16 hex digits of HMAC-SHA256 over
 * "ticketId.messageId", keyed by APP_KEY.
 */

const PATTERN = /^<?t(\d{1,15})\.m(\d{1,15})\.([0-9a-f]{16})@([^<>@\s]+)>?$/i

/**
 * The platform's mail domain (forward addresses, Message-IDs).
 */
export function mailDomain() {
  const configured = env.get('MAIL_DOMAIN')
  if (configured) return configured.toLowerCase()
  return `mail.${env.get('APP_DOMAIN', 'localhost')}`.toLowerCase()
}

/**
 * The value of the loop header on every message the product sends.
 * The intake treats mail carrying it as our own and never answers it.
 */
export function loopMarker() {
  return `ehelpdesk@${mailDomain()}`
}

/**
 * Name of the loop header set on every outgoing message.
 */
export const LOOP_HEADER = 'X-Loop'

function signature(ticketId: number, messageId: number) {
  const key = env.get('APP_KEY').release()
  return createHmac('sha256', key).update(`${ticketId}.${messageId}`).digest('hex').slice(0, 16)
}

/**
 * Builds the signed Message-ID of an outgoing message, with angle
 * brackets. `domain` defaults to the platform's mail domain.
 */
export function generate(ticketId: number, messageId: number, domain: string = mailDomain()) {
  return `<t${ticketId}.m${messageId}.${signature(ticketId, messageId)}@${domain.toLowerCase()}>`
}

/**
 * Checks a Message-ID (with or without angle brackets) and returns the
 * ticket and message it names when the signature is ours, else null.
 */
export function verify(
  id: string | null | undefined
): { ticketId: number; messageId: number } | null {
  if (!id) return null
  const match = PATTERN.exec(id.trim())
  if (!match) return null

  const ticketId = Number(match[1])
  const messageId = Number(match[2])
  const expected = Buffer.from(signature(ticketId, messageId))
  const given = Buffer.from(match[3].toLowerCase())
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  return { ticketId, messageId }
}

export default { generate, verify, mailDomain, loopMarker, LOOP_HEADER }
