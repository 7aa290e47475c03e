import { compose } from '@adonisjs/core/helpers'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import AnsweringPoint from '#models/answering_point'
import encryption from '@adonisjs/core/services/encryption'
import { EmailMailboxSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import { mailDomain } from '../services/message_id.js'

/**
 * An answering point's email address with its intake (IMAP fetch or
 * forwarding to the platform) and reply settings.
 */
export default class Mailbox extends compose(EmailMailboxSchema, withTenantScope()) {
  static table = 'email_mailboxes'

  declare intake: 'imap' | 'forward'

  @belongsTo(() => AnsweringPoint)
  declare answeringPoint: BelongsTo<typeof AnsweringPoint>

  /**
   * The platform address that forwards mail into this mailbox.
   */
  get forwardAddress() {
    return `${this.forwardToken}@${mailDomain()}`
  }

  /**
   * The connection state as a known key (`ok`, `error`, `unknown`,
   * `connecting`, `idle`, `polling`), for display.
   */
  get connectionState() {
    const known = ['ok', 'error', 'unknown', 'connecting', 'idle', 'polling']
    return known.includes(this.status) ? this.status : 'unknown'
  }

  /**
   * Stores a secret encrypted; an empty value clears it.
   */
  static seal(secret: string | null | undefined) {
    return secret ? encryption.encrypt(secret) : null
  }

  /**
   * The IMAP password in clear, for the fetcher only.
   */
  get imapSecret(): string | null {
    return this.imapPassword ? encryption.decrypt<string>(this.imapPassword) : null
  }

  /**
   * The SMTP password in clear, for outbound delivery only.
   */
  get smtpSecret(): string | null {
    return this.smtpPassword ? encryption.decrypt<string>(this.smtpPassword) : null
  }
}
