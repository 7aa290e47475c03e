import InboundMessage, { type InboundStatus } from '#models/inbound_message'
import { parseEmail } from './mime_parser.js'
import intake from './intake_service.js'

export const PAGE_SIZE = 25

/**
 * The failed and held lists of stored email, newest first.
 */
export class InboundListService {
  /**
   * One page of the current tenant's email in a state.
   */
  async page(status: Extract<InboundStatus, 'failed' | 'held'>, page: number) {
    return InboundMessage.query()
      .where('channel', 'email')
      .where('status', status)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .paginate(Math.max(1, page || 1), PAGE_SIZE)
  }

  /**
   * One stored email in a state, or a 404.
   */
  async find(id: number, status?: InboundStatus) {
    const query = InboundMessage.query().where('channel', 'email').where('id', id)
    if (status) query.where('status', status)
    return query.firstOrFail()
  }

  /**
   * What a reviewer needs to decide on a held message: its parsed
   * headers, text and attachment names.
   */
  async preview(record: InboundMessage) {
    const { bytes } = await intake.raw(record.id)
    const mail = await parseEmail(bytes)
    return {
      subject: mail.subject,
      from: mail.from,
      to: mail.to,
      cc: mail.cc,
      date: mail.date,
      text: (mail.text ?? '').slice(0, 20000),
      hasHtml: Boolean(mail.html),
      attachments: mail.attachments.map((file) => ({
        fileName: file.fileName,
        size: file.content.length,
      })),
    }
  }
}

export default new InboundListService()
