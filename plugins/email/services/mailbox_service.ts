import { randomBytes } from 'node:crypto'
import AnsweringPoint from '#models/answering_point'
import Mailbox from '../models/mailbox.js'
import { UnknownAnsweringPointException } from '../errors.js'

/**
 * Mailbox fields an admin edits. Passwords are given in clear and
 * sealed here; an empty password keeps the stored one.
 */
export interface MailboxInput {
  answeringPointId: number
  name: string
  address: string
  intake: 'imap' | 'forward'
  imapHost?: string | null
  imapPort?: number | null
  imapTls?: boolean
  imapUser?: string | null
  imapPassword?: string | null
  clearImapPassword?: boolean
  imapFolder?: string | null
  smtpHost?: string | null
  smtpPort?: number | null
  smtpTls?: boolean
  smtpUser?: string | null
  smtpPassword?: string | null
  clearSmtpPassword?: boolean
  autoCreate?: boolean
  autoReply?: boolean
  autoReplySubject?: string | null
  autoReplyBody?: string | null
  active?: boolean
}

/**
 * A fresh forward token: 128 random bits as lowercase hex, valid as an
 * address local part and not guessable.
 */
export function newForwardToken() {
  return randomBytes(16).toString('hex')
}

/**
 * Creates, changes and removes mailboxes of the current tenant.
 */
export class MailboxService {
  /**
   * Creates a mailbox with a new forward token.
   */
  async create(input: MailboxInput) {
    await this.#requirePoint(input.answeringPointId)
    const mailbox = new Mailbox()
    mailbox.forwardToken = newForwardToken()
    mailbox.status = 'unknown'
    this.#apply(mailbox, input)
    await mailbox.save()
    return mailbox
  }

  /**
   * Applies an admin's changes. Moving the IMAP account (host, user or
   * folder) forgets the fetch position, which belongs to the old one.
   */
  async update(mailbox: Mailbox, input: MailboxInput) {
    await this.#requirePoint(input.answeringPointId)
    const account = (m: Mailbox) => [m.imapHost, m.imapUser, m.imapFolder].join('\u0000')
    const before = account(mailbox)
    this.#apply(mailbox, input)
    if (account(mailbox) !== before) {
      mailbox.uidValidity = null
      mailbox.lastUid = 0
      mailbox.status = 'unknown'
      mailbox.lastError = null
    }
    await mailbox.save()
    return mailbox
  }

  /**
   * Removes a mailbox. Its stored messages and tickets stay.
   */
  async destroy(mailbox: Mailbox) {
    await mailbox.delete()
  }

  /**
   * A new forward token, for an address that leaked.
   */
  async rotateToken(mailbox: Mailbox) {
    mailbox.forwardToken = newForwardToken()
    await mailbox.save()
    return mailbox
  }

  async #requirePoint(id: number) {
    const point = await AnsweringPoint.find(id)
    if (!point) throw new UnknownAnsweringPointException('Unknown answering point')
    return point
  }

  #apply(mailbox: Mailbox, input: MailboxInput) {
    const text = (value: string | null | undefined) => value?.trim() || null
    mailbox.answeringPointId = input.answeringPointId
    mailbox.name = input.name.trim()
    mailbox.address = input.address.trim().toLowerCase()
    mailbox.intake = input.intake
    mailbox.imapHost = text(input.imapHost)
    mailbox.imapPort = input.imapPort ?? null
    mailbox.imapTls = input.imapTls ?? true
    mailbox.imapUser = text(input.imapUser)
    mailbox.imapFolder = text(input.imapFolder) ?? 'INBOX'
    mailbox.smtpHost = text(input.smtpHost)
    mailbox.smtpPort = input.smtpPort ?? null
    mailbox.smtpTls = input.smtpTls ?? false
    mailbox.smtpUser = text(input.smtpUser)
    mailbox.autoCreate = input.autoCreate ?? true
    mailbox.autoReply = input.autoReply ?? false
    mailbox.autoReplySubject = text(input.autoReplySubject)
    mailbox.autoReplyBody = input.autoReplyBody?.trim() ? input.autoReplyBody : null
    mailbox.active = input.active ?? true

    /* Blank keeps the stored secret; clearing is explicit. */
    if (input.clearImapPassword) mailbox.imapPassword = null
    else if (input.imapPassword) mailbox.imapPassword = Mailbox.seal(input.imapPassword)
    if (input.clearSmtpPassword) mailbox.smtpPassword = null
    else if (input.smtpPassword) mailbox.smtpPassword = Mailbox.seal(input.smtpPassword)
  }
}

export default new MailboxService()
