import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A change the admin area refuses because it would lock the tenant
 * out. The form comes back with the input kept and the reason shown.
 */
abstract class AdminRuleException extends Exception {
  static status = 422
  abstract translationKey: string

  /**
   * Renders the refusal for the form or the JSON client.
   */
  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t(error.translationKey)
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(error.status).send({ errors: [{ code: error.code, message }] })
    }
    ctx.session.flashExcept(['_csrf', '_method', 'password'])
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}

/**
 * Demoting or deactivating the tenant's last active admin.
 */
export class LastAdminException extends AdminRuleException {
  static code = 'E_ADMIN_LAST_ADMIN'
  static message = 'The tenant must keep at least one active admin'
  translationKey = 'admin.errors.last_admin'
}

/**
 * An admin deactivating their own account.
 */
export class SelfDeactivationException extends AdminRuleException {
  static code = 'E_ADMIN_SELF_DEACTIVATION'
  static message = 'Admins cannot deactivate their own account'
  translationKey = 'admin.errors.self_deactivation'
}

/**
 * A supervisor or agent on an admin page or action. Always a 403 page,
 * for form posts too, so a refused change is never mistaken for a
 * validation error.
 */
export class AdminForbiddenException extends Exception {
  static code = 'E_ADMIN_FORBIDDEN'
  static status = 403
  static message = 'Only admins may do this'

  /**
   * Renders the refusal for the form or the JSON client.
   */
  async handle(error: this, ctx: HttpContext) {
    const { request, response, view } = ctx
    response.status(error.status)
    if (request.accepts(['html', 'json']) === 'json') {
      return response.send({ errors: [{ code: error.code, message: error.message }] })
    }
    return response.send(await view.render('pages/errors/forbidden', { error }))
  }
}
