import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

/**
 * Header fields may only hold ASCII (RFC 5322) or UTF-8 (RFC 6532),
 * yet real mail carries raw 8-bit bytes of a legacy charset, most
 * often Latin-1. mailparser reads header bytes as UTF-8 and turns
 * them into U+FFFD. This module rewrites every header field whose
 * bytes are not valid UTF-8 by decoding it with the message's declared
 * legacy charset (Shift_JIS, Big5, KOI8-R...) when there is one, else
 * as Windows-1252 (a superset of Latin-1), and writing it back as
 * UTF-8, before parsing. Valid UTF-8 headers and every body byte stay
 * untouched.
 */

const LF = 0x0a
const CR = 0x0d

interface Line {
  start: number
  end: number
  /** End of the content, without the line terminator. */
  contentEnd: number
}

/**
 * Splits the buffer into lines, keeping the offsets of terminators.
 */
function* lines(raw: Buffer): Generator<Line> {
  let start = 0
  while (start < raw.length) {
    const lf = raw.indexOf(LF, start)
    const end = lf === -1 ? raw.length : lf + 1
    let contentEnd = lf === -1 ? raw.length : lf
    if (contentEnd > start && raw[contentEnd - 1] === CR) contentEnd--
    yield { start, end, contentEnd }
    start = end
  }
}

/**
 * The parameter of a header value (`boundary`, for instance), read
 * leniently from the raw text.
 */
function param(value: string, name: string) {
  const match = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value)
  return match ? (match[1] ?? match[2]) : null
}

/**
 * What one header block tells the scanner about the content after it.
 */
interface BlockInfo {
  boundary: string | null
  embeddedMessage: boolean
  charset: string | null
}

/**
 * Reads the content type, charset and transfer encoding of a header
 * block.
 */
function describeBlock(fields: string[]): BlockInfo {
  let contentType = ''
  let encoding = ''
  for (const field of fields) {
    const colon = field.indexOf(':')
    if (colon === -1) continue
    const name = field.slice(0, colon).trim().toLowerCase()
    const value = field.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ')
    if (name === 'content-type') contentType = value
    if (name === 'content-transfer-encoding') encoding = value.trim().toLowerCase()
  }
  const type = contentType.split(';')[0].trim().toLowerCase()
  return {
    boundary: type.startsWith('multipart/') ? param(contentType, 'boundary') : null,
    embeddedMessage:
      (type === 'message/rfc822' || type === 'message/global') &&
      !['base64', 'quoted-printable'].includes(encoding),
    charset: legacyCharset(param(contentType, 'charset')),
  }
}

/**
 * A declared charset worth decoding raw header bytes with: a legacy
 * multi-byte or non-Western one iconv-lite knows. Western single-byte
 * charsets, ASCII and UTF-8 give null (Windows-1252 covers them).
 */
function legacyCharset(charset: string | null) {
  if (!charset) return null
  const name = charset.trim().toLowerCase()
  if (/^(utf-?8|us-?ascii|ascii|iso-?8859-1|latin-?1|windows-1252|cp1252)$/.test(name)) {
    return null
  }
  return iconv.encodingExists(name) ? name : null
}

/**
 * The first legacy charset declared anywhere in the message, for
 * header blocks that declare none (a multipart top level).
 */
function messageCharset(raw: Buffer) {
  const text = raw.toString('latin1')
  const pattern = /content-type:[^\n]*?charset\s*=\s*"?([\w.:-]+)/gi
  for (const match of text.matchAll(pattern)) {
    const charset = legacyCharset(match[1])
    if (charset) return charset
  }
  return null
}

/**
 * Re-encodes one header field as UTF-8 when its bytes are not valid
 * UTF-8; returns null when it needs no change. The declared charset
 * is tried first, Windows-1252 is the fallback.
 */
function repairField(field: Buffer, charset: string | null): Buffer | null {
  if (isUtf8(field)) return null
  if (charset) {
    const decoded = iconv.decode(field, charset)
    if (!decoded.includes('\uFFFD')) return Buffer.from(decoded, 'utf8')
  }
  return Buffer.from(iconv.decode(field, 'windows-1252'), 'utf8')
}

/**
 * Returns the message with every non-UTF-8 header field (top level,
 * MIME parts and embedded messages) rewritten as UTF-8. Returns the
 * same buffer when nothing needed a change.
 */
export function repairHeaders(raw: Buffer): Buffer {
  if (isUtf8(raw)) return raw

  const fallbackCharset = messageCharset(raw)
  const chunks: Buffer[] = []
  let copiedUpTo = 0
  let changed = false

  const boundaries = new Set<string>()
  let inHeaders = true
  let fields: { start: number; end: number }[] = []

  /* Ends a header block: repairs its fields with the block's charset
     and tells whether an embedded message's headers follow. */
  const endBlock = () => {
    const texts = fields.map((f) => raw.subarray(f.start, f.end).toString('latin1'))
    const info = describeBlock(texts)
    const charset = info.charset ?? fallbackCharset
    for (const { start, end } of fields) {
      const fixed = repairField(raw.subarray(start, end), charset)
      if (!fixed) continue
      chunks.push(raw.subarray(copiedUpTo, start), fixed)
      copiedUpTo = end
      changed = true
    }
    if (info.boundary) boundaries.add(info.boundary)
    fields = []
    return info.embeddedMessage
  }

  for (const line of lines(raw)) {
    const empty = line.contentEnd === line.start

    if (inHeaders) {
      const first = raw[line.start]
      const continuation = !empty && (first === 0x20 || first === 0x09)
      if (continuation && fields.length > 0) {
        fields[fields.length - 1].end = line.end
      } else if (empty) {
        inHeaders = endBlock()
      } else {
        fields.push({ start: line.start, end: line.end })
      }
      continue
    }

    /* In a body, a boundary delimiter starts the headers of a part. */
    if (raw[line.start] === 0x2d && raw[line.start + 1] === 0x2d && boundaries.size > 0) {
      const text = raw
        .subarray(line.start + 2, line.contentEnd)
        .toString('latin1')
        .trimEnd()
      if (boundaries.has(text)) inHeaders = true
    }
  }
  if (inHeaders) endBlock()

  if (!changed) return raw
  chunks.push(raw.subarray(copiedUpTo))
  return Buffer.concat(chunks)
}

/**
 * Rewrites obsolete field names with white space before the colon
 * (`From  : ...`, RFC 5322 section 4.5) in the top-level header block,
 * which the parser would otherwise not recognise.
 */
export function normaliseFieldNames(raw: Buffer): Buffer {
  const head = headerBlock(raw)
  const text = head.toString('latin1')
  const pattern = /^([!-9;-~]+)[ \t]+:/gm
  if (!pattern.test(text)) return raw
  const fixed = Buffer.from(text.replace(pattern, '$1:'), 'latin1')
  return Buffer.concat([fixed, raw.subarray(head.length)])
}

/**
 * Drops a leading mbox envelope line (`From sender date`), which is
 * not a header field; `From  :` with a colon is one and stays.
 */
export function stripEnvelopeLine(raw: Buffer): Buffer {
  const start = raw.subarray(0, 5).toString('latin1')
  if (start !== 'From ') return raw
  const lf = raw.indexOf(LF)
  const line = raw.subarray(0, lf === -1 ? raw.length : lf).toString('latin1')
  if (/^From\s*:/.test(line)) return raw
  return lf === -1 ? Buffer.alloc(0) : raw.subarray(lf + 1)
}

/**
 * Multi-byte legacy charsets whose text, once mangled into UTF-8 as if
 * it were Latin-1, can be recognised and restored.
 */
const MULTIBYTE =
  /^(big5|big5-hkscs|gb2312|gbk|gb18030|cp936|shift_jis|sjis|euc-jp|euc-kr|ks_c_5601-1987|cp949)$/

/**
 * The original bytes of text that was read as Latin-1 and written out
 * as UTF-8 again, or null when the bytes do not look like that: valid
 * UTF-8 made only of characters up to U+00FF, some beyond ASCII.
 */
function latin1Original(bytes: Buffer): Buffer | null {
  if (!isUtf8(bytes)) return null
  const text = bytes.toString('utf8')
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return null
  return Buffer.from(text, 'latin1')
}

/**
 * Restores a single-part message in a multi-byte legacy charset (Big5,
 * Shift_JIS, EUC-KR...) that a relay converted to UTF-8 byte by byte as
 * if it were Latin-1. Without this, both its headers and its body
 * decode to replacement characters. Any other message is returned as
 * it is.
 */
export function undoDoubleEncoding(raw: Buffer): Buffer {
  const head = headerBlock(raw)
  const fields = head.toString('latin1')
  const type = /^content-type:([^\n]*(?:\n[ \t][^\n]*)*)/im.exec(fields)?.[1] ?? ''
  const charset = (param(type, 'charset') ?? '').toLowerCase()
  if (!MULTIBYTE.test(charset) || /multipart\//i.test(type)) return raw

  const encoding = /^content-transfer-encoding:[ \t]*(\S*)/im.exec(fields)?.[1]?.toLowerCase()
  if (encoding === 'base64' || encoding === 'quoted-printable') return raw

  const body = latin1Original(raw.subarray(head.length))
  if (!body) return raw
  return Buffer.concat([latin1Original(head) ?? head, body])
}

/**
 * Prepares raw bytes for the parser: the envelope line goes, obsolete
 * field names, double-encoded legacy text and header bytes that are
 * not UTF-8 are repaired.
 */
export function prepareForParsing(raw: Buffer): Buffer {
  const named = normaliseFieldNames(stripEnvelopeLine(raw))
  return repairHeaders(undoDoubleEncoding(named))
}

/**
 * The header block of a message (up to the first empty line), for
 * messages that are only summarised, never parsed in full.
 */
export function headerBlock(raw: Buffer): Buffer {
  for (const line of lines(raw)) {
    if (line.contentEnd === line.start) return raw.subarray(0, line.end)
  }
  return raw
}
