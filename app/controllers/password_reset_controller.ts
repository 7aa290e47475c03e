import type { HttpContext } from '@adonisjs/core/http'
import auth from '#services/auth_service'
import { forgotPasswordValidator, resetPasswordValidator } from '#validators/auth'

/**
 * Password reset by email link, on tenant hosts.
 */
export default class PasswordResetController {
  /**
   * Show the "forgot password" form.
   */
  async create({ view }: HttpContext) {
    return view.render('pages/auth/forgot_password')
  }

  /**
   * Send a reset link when the account exists. The answer is the
   * same either way.
   */
  async store({ request, response, session, tenant, i18n }: HttpContext) {
    const { email } = await request.validateUsing(forgotPasswordValidator)
    const base = auth.tenantBaseUrl(request, tenant!)
    await auth.requestReset(tenant!, email, base, request.ip())

    session.flash('success', i18n.t('auth.reset_requested'))
    return response.redirect().toRoute('password_reset.create')
  }

  /**
   * Show the new-password form behind a link, or say the link no
   * longer works.
   */
  async edit({ params, view, response }: HttpContext) {
    const record = await auth.findValidToken(params.token)
    if (!record) response.status(410)
    return view.render('pages/auth/reset_password', { token: params.token, valid: !!record })
  }

  /**
   * Set the new password and send the user to the login form.
   */
  async update({ params, request, response, session, i18n }: HttpContext) {
    const { password } = await request.validateUsing(resetPasswordValidator)
    await auth.resetPassword(params.token, password)

    session.flash('success', i18n.t('auth.password_changed'))
    return response.redirect().toRoute('session.create')
  }
}
