import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A form error that belongs to one field. It is flashed like a
 * validation error, with the input kept, and the user is sent back
 * to the form: nothing typed is lost.
 */
abstract class FieldException extends Exception {
  static status = 422

  constructor(
    public field: string,
    public translationKey: string,
    public values: Record<string, unknown> = {}
  ) {
    super(translationKey)
  }

  /**
   * Sends the user back to the form with the message under the field.
   */
  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t(error.translationKey, error.values)
    ctx.session.flashExcept(['_csrf', '_method', 'attachments'])
    ctx.session.flash('inputErrorsBag', { [error.field]: [message] })
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}

/**
 * An email address or phone number already belongs to a contact of
 * the tenant.
 */
export class IdentityTakenException extends FieldException {
  static code = 'E_CONTACT_IDENTITY_TAKEN'
}

/**
 * A reply cannot be sent: the ticket has no channel to answer through,
 * or the tenant has not enabled the channel's module.
 */
export class ReplyChannelUnavailableException extends FieldException {
  static code = 'E_TICKET_REPLY_CHANNEL_UNAVAILABLE'
}

/**
 * The chosen assignee may not work this ticket.
 */
export class InvalidAssigneeException extends FieldException {
  static code = 'E_TICKET_INVALID_ASSIGNEE'
}

/**
 * The chosen answering point is not one the user may use.
 */
export class InvalidAnsweringPointException extends FieldException {
  static code = 'E_TICKET_INVALID_ANSWERING_POINT'
}
