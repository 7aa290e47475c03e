import drive from '@adonisjs/drive/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import Attachment from '#models/attachment'
import Message from '#models/message'
import Ticket from '#models/ticket'
import TicketPolicy from '#policies/ticket_policy'

/** Types a browser could run as a page on our origin. */
const ACTIVE_TYPES = /^(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml)/i

/**
 * Message attachments, served only to users who may see the ticket.
 */
export default class AttachmentsController {
  /**
   * Streams the file under its original name.
   */
  async show({ params, bouncer, response }: HttpContext) {
    const attachment = await Attachment.query().where('id', params.id).firstOrFail()
    const message = await Message.query().where('id', attachment.messageId).firstOrFail()
    const ticket = await Ticket.query().where('id', message.ticketId).firstOrFail()
    await bouncer.with(TicketPolicy).authorize('view', ticket)

    const type = ACTIVE_TYPES.test(attachment.contentType)
      ? 'application/octet-stream'
      : attachment.contentType
    response.header('Content-Type', type)
    response.header('Content-Length', String(attachment.size))
    response.header('Content-Disposition', contentDisposition(attachment.fileName))
    response.header('Cache-Control', 'private, no-store')
    return response.stream(await drive.use().getStream(attachment.diskKey))
  }
}

/**
 * An `attachment` disposition with an ASCII fallback name and the
 * exact name in UTF-8 (RFC 6266 with RFC 5987 encoding).
 */
export function contentDisposition(name: string) {
  const clean = name.replace(/[\r\n"\\]/g, '_').trim() || 'attachment'
  const fallback = clean
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
