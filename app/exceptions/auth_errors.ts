import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * Sends a form error back to the login page, keeping what was typed
 * except passwords. JSON clients get the status and the message.
 */
async function backToLogin(error: Exception, ctx: HttpContext, message: string) {
  if (ctx.request.accepts(['html', 'json']) === 'json') {
    return ctx.response.status(error.status).send({ errors: [{ code: error.code, message }] })
  }
  ctx.session.flashExcept(['_csrf', '_method', 'password', 'password_confirmation'])
  ctx.session.flash('error', message)
  return ctx.response.redirect().toRoute('session.create')
}

/**
 * Wrong email or password, or an inactive account. One message for
 * all of them, so the form never tells which accounts exist.
 */
export class InvalidLoginException extends Exception {
  static code = 'E_AUTH_INVALID_CREDENTIALS'
  static status = 400
  static message = 'Invalid email or password'

  /**
   * Renders the refusal for the form or the JSON client.
   */
  async handle(error: this, ctx: HttpContext) {
    return backToLogin(error, ctx, ctx.i18n.t('auth.errors.invalid_credentials'))
  }
}

/**
 * Too many failed logins for this email from this address.
 */
export class LoginThrottledException extends Exception {
  static code = 'E_AUTH_TOO_MANY_ATTEMPTS'
  static status = 429
  static message = 'Too many login attempts'

  constructor(public retryAfterSeconds: number) {
    super()
  }

  /**
   * Renders the refusal for the form or the JSON client.
   */
  async handle(error: this, ctx: HttpContext) {
    const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60))
    ctx.response.header('Retry-After', String(error.retryAfterSeconds))
    return backToLogin(error, ctx, ctx.i18n.t('auth.errors.too_many_attempts', { minutes }))
  }
}

/**
 * A password reset link that is unknown, used or expired.
 */
export class InvalidResetTokenException extends Exception {
  static code = 'E_AUTH_INVALID_RESET_TOKEN'
  static status = 400
  static message = 'The password reset link is invalid or has expired'

  /**
   * Renders the refusal for the form or the JSON client.
   */
  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t('auth.errors.invalid_reset_token')
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(error.status).send({ errors: [{ code: error.code, message }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().toRoute('password_reset.create')
  }
}
