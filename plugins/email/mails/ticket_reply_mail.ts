import { BaseMail } from '@adonisjs/mail'

/**
 * An address with an optional display name.
 */
export interface MailAddress {
  address: string
  name?: string | null
}

/**
 * Everything an outgoing ticket email consists of, composed by the
 * outbound service from the stored message.
 */
export interface ComposedMail {
  from: MailAddress
  replyTo: MailAddress | null
  to: MailAddress[]
  cc: MailAddress[]
  subject: string
  text: string
  html: string | null
  messageId: string
  inReplyTo: string | null
  references: string[]
  headers: Record<string, string>
  attachments: { fileName: string; contentType: string; content: Buffer }[]
}

/**
 * An agent's reply on a ticket, sent to the customer.
 */
export default class TicketReplyMail extends BaseMail {
  constructor(public composed: ComposedMail) {
    super()
  }

  /**
   * Fills the message from the composed parts.
   */
  prepare() {
    const mail = this.composed
    this.message.from(mail.from.address, mail.from.name ?? undefined)
    if (mail.replyTo) this.message.replyTo(mail.replyTo.address, mail.replyTo.name ?? undefined)
    for (const to of mail.to) this.message.to(to.address, to.name ?? undefined)
    for (const cc of mail.cc) this.message.cc(cc.address, cc.name ?? undefined)

    this.message.subject(mail.subject)
    this.message.messageId(mail.messageId)
    if (mail.inReplyTo) this.message.inReplyTo(mail.inReplyTo)
    if (mail.references.length > 0) this.message.references(mail.references)
    for (const [name, value] of Object.entries(mail.headers)) this.message.header(name, value)

    this.message.text(mail.text)
    if (mail.html) this.message.html(mail.html)
    for (const file of mail.attachments) {
      this.message.attachData(file.content, {
        filename: file.fileName,
        contentType: file.contentType,
      })
    }
  }
}
