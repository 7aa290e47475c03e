import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * Anonymisation refused: the contact or one of their tickets is on
 * legal hold, so the data must be kept as it is until released.
 */
export class LegalHoldException extends Exception {
  static code = 'E_PRIVACY_LEGAL_HOLD'
  static status = 409
  static message = 'The contact or one of their tickets is on legal hold'

  /**
   * Sends the admin back with the reason shown.
   */
  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t('privacy.requests.legal_hold')
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(error.status).send({ errors: [{ code: error.code, message }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().toRoute('admin.privacy_requests.index')
  }
}

/**
 * Deleting an archived ticket refused: it, or its contact, is on
 * legal hold.
 */
export class ArchivedOnHoldException extends Exception {
  static code = 'E_ARCHIVE_LEGAL_HOLD'
  static status = 409
  static message = 'The archived ticket or its contact is on legal hold'

  /**
   * Sends the admin back with the reason shown.
   */
  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t('retention.archive.on_hold')
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(error.status).send({ errors: [{ code: error.code, message }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}

/**
 * A delete from the archive without the confirmation step's
 * `confirm=1`: nothing is deleted.
 */
export class ArchiveDeleteUnconfirmedException extends Exception {
  static code = 'E_ARCHIVE_DELETE_UNCONFIRMED'
  static status = 422
  static message = 'Deleting from the archive needs confirm=1'

  /**
   * Sends the admin back with the reason shown.
   */
  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t('retention.archive.confirm_required')
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(error.status).send({ errors: [{ code: error.code, message }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}
