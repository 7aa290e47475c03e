import { simpleParser } from 'mailparser'
import type { AddressObject, Attachment, EmailAddress, ParsedMail } from 'mailparser'
import { headerBlock, prepareForParsing } from './header_repair.js'

/**
 * A mailbox address of a parsed header.
 */
export interface MailAddress {
  name: string | null
  address: string
}

/**
 * One file of a parsed message, with a usable file name.
 */
export interface MailFile {
  fileName: string
  contentType: string
  content: Buffer
  contentId: string | null
  inline: boolean
}

/**
 * A parsed email with every field normalised: arrays where a header
 * may repeat, null where it is missing or unusable.
 */
export interface ParsedEmail {
  subject: string | null
  from: MailAddress | null
  sender: MailAddress | null
  replyTo: MailAddress[]
  to: MailAddress[]
  cc: MailAddress[]
  date: Date | null
  messageId: string | null
  inReplyTo: string[]
  references: string[]
  text: string | null
  html: string | null
  attachments: MailFile[]
  /** Unfolded raw header values by lowercase name, in order. */
  headers: Map<string, string[]>
  /** The top-level content type with its parameters, lowercased. */
  contentType: string
  /** How many header fields the message had at its top level. */
  headerCount: number
  /** The listing fields of the message, as `summariseHeaders` gives. */
  summary: MailSummary
}

/**
 * Subject, sender, date and Message-ID of a message as the failed and
 * held lists show them.
 */
export interface MailSummary {
  subject: string | null
  from: string | null
  fromAddress: string | null
  date: string | null
  messageId: string | null
}

/**
 * Common MIME types and the extension a generated file name gets.
 */
const EXTENSIONS: Record<string, string> = {
  'message/rfc822': 'eml',
  'message/global': 'eml',
  'message/delivery-status': 'txt',
  'text/rfc822-headers': 'txt',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'text/csv': 'csv',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'application/xml': 'xml',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
}

/**
 * Extracts `<id>` tokens from a Message-ID-like header value. Values
 * without angle brackets (seen in old or broken mail) count as one id
 * per whitespace- or comma-separated word that contains an `@`.
 */
export function messageIds(value: string | string[] | undefined | null): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : []
  const ids: string[] = []
  for (const original of values) {
    /* Obsolete syntax allows comments and spaces inside an id. */
    const text = original
      .replace(/\([^()]*\)/g, '')
      .replace(/<([^<>]*)>/g, (_, inner: string) => `<${inner.replace(/\s+/g, '')}>`)
    const bracketed = text.match(/<[^<>\s]+>/g)
    if (bracketed) {
      ids.push(...bracketed.filter((id) => /^<[^@]+(@[^@]+)*>$/.test(id)))
      continue
    }
    for (const word of text.split(/[\s,]+/)) {
      const bare = word.replace(/^<|>$/g, '')
      if (/^[^@]+@[^@]+$/.test(bare)) ids.push(`<${bare}>`)
    }
  }
  return [...new Set(ids)]
}

/**
 * Flattens an address header (groups included) to mailbox entries
 * that carry an address.
 */
function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = Array.isArray(value) ? value : value ? [value] : []
  const result: MailAddress[] = []
  const visit = (entry: EmailAddress) => {
    if (entry.group) return entry.group.forEach(visit)
    const address = (entry.address ?? '').trim()
    if (!address) return
    result.push({ name: entry.name?.trim() || null, address })
  }
  objects.forEach((object) => object.value.forEach(visit))
  return result
}

/**
 * The first entry that looks like a deliverable address (has an `@`).
 */
function firstMailbox(list: MailAddress[]): MailAddress | null {
  return list.find((entry) => /^[^@\s]+@[^@\s]+$/.test(entry.address)) ?? null
}

/**
 * Unfolded raw header values by lowercase field name.
 */
function headerMap(parsed: ParsedMail) {
  const map = new Map<string, string[]>()
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':')
    const value = (colon === -1 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim()
    map.set(key, [...(map.get(key) ?? []), value])
  }
  return map
}

/**
 * Whether a Date header is present and parseable. mailparser answers
 * an invalid date with the current time, which would misdate the
 * message.
 */
function usableDate(parsed: ParsedMail, headers: Map<string, string[]>) {
  const raw = headers.get('date')?.[0]
  if (!raw || !parsed.date) return null
  const time = parsed.date.getTime()
  return Number.isNaN(time) || Number.isNaN(Date.parse(raw.replace(/\s*\([^)]*\)\s*$/, '')))
    ? null
    : parsed.date
}

/**
 * A safe file name: the decoded original, or a generated one from the
 * position and content type. Path separators and control characters
 * never reach storage or a download header.
 */
export function fileNameFor(file: Attachment, index: number) {
  const cleaned = (file.filename ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[/\\]/g, '_')
    .trim()
    .slice(0, 255)
  const type = file.contentType.toLowerCase()
  const message = type === 'message/rfc822' || type === 'message/global'
  if (cleaned && cleaned !== '.' && cleaned !== '..') {
    /* A forwarded message opens as mail only with its extension. */
    return message && !/\.eml$/i.test(cleaned) ? `${cleaned}.eml` : cleaned
  }

  const extension = EXTENSIONS[type] ?? 'bin'
  return `attachment-${index}.${extension}`
}

/**
 * The listing fields of a parsed message.
 */
function summaryOf(parsed: ParsedMail): MailSummary {
  const date = parsed.date && parsed.headers.has('date') ? parsed.date : null
  return {
    subject: parsed.subject?.trim() || null,
    from: parsed.from?.text || null,
    fromAddress: parsed.from?.value[0]?.address || null,
    date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
    messageId: parsed.messageId || null,
  }
}

/**
 * The listing fields read from the header block alone, for a message
 * that is not parsed in full (over the size limit, or unparseable).
 * Never throws: unreadable headers give empty fields.
 */
export async function summariseHeaders(raw: Buffer): Promise<MailSummary> {
  try {
    const head = prepareForParsing(headerBlock(raw))
    return summaryOf(await simpleParser(head, { skipHtmlToText: true, checksumAlgo: false }))
  } catch {
    return { subject: null, from: null, fromAddress: null, date: null, messageId: null }
  }
}

/**
 * Parses raw email bytes into a normalised message. Headers with raw
 * 8-bit bytes are repaired first; body charsets (ISO-2022-JP,
 * Shift_JIS, EUC-KR, Windows-1252 and others) are decoded by the
 * parser's iconv-lite based decoder.
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const parsed = await simpleParser(prepareForParsing(raw), {
    keepCidLinks: true,
    keepDeliveryStatus: true,
    ignoreEmbedded: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    checksumAlgo: false,
  })
  const headers = headerMap(parsed)

  const attachments = parsed.attachments.map((file, position) => ({
    fileName: fileNameFor(file, position + 1),
    contentType: file.contentType.toLowerCase(),
    content: file.content,
    contentId: file.cid ?? file.contentId?.replace(/^<|>$/g, '') ?? null,
    inline: Boolean(file.related) || file.contentDisposition === 'inline',
  }))

  const contentType = parsed.headers.get('content-type') as
    { value: string; params: Record<string, string> } | undefined
  const typeText = contentType
    ? [contentType.value, ...Object.entries(contentType.params ?? {}).map(([k, v]) => `${k}=${v}`)]
        .join('; ')
        .toLowerCase()
    : 'text/plain'

  return {
    subject: parsed.subject?.trim() || null,
    from: firstMailbox(addresses(parsed.from)),
    sender: firstMailbox(addresses(parsed.headers.get('sender') as AddressObject | undefined)),
    replyTo: addresses(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    date: usableDate(parsed, headers),
    messageId: messageIds(headers.get('message-id'))[0] ?? null,
    inReplyTo: messageIds(headers.get('in-reply-to')),
    references: messageIds(headers.get('references')),
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments,
    headers,
    contentType: typeText,
    headerCount: parsed.headerLines.length,
    summary: summaryOf(parsed),
  }
}
