import TicketReplyMail from './ticket_reply_mail.js'

/**
 * The automatic acknowledgement of a new ticket. It carries the
 * headers (RFC 3834) that keep other robots from answering it.
 */
export default class AutoReplyMail extends TicketReplyMail {
  /**
   * Fills the message and marks it as an automatic reply.
   */
  prepare() {
    super.prepare()
    this.message.header('Auto-Submitted', 'auto-replied')
    this.message.header('X-Auto-Response-Suppress', 'All')
    this.message.header('Precedence', 'bulk')
  }
}
