import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import auth from '#services/auth_service'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * An admin sending a user a password reset link. The admin never sees
 * the link; it goes to the user's own address.
 */
export default class UserPasswordResetsController {
  /**
   * Mail the user a reset link.
   */
  async store({ bouncer, params, request, response, session, tenant, i18n }: HttpContext) {
    const subject = await User.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'administer')
    if (!subject.active) {
      session.flash('error', i18n.t('admin.users.reset_inactive', { name: subject.fullName }))
      return response.redirect().toRoute('admin.users.edit', { id: subject.id })
    }

    await auth.sendResetLink(subject, tenant!, auth.tenantBaseUrl(request, tenant!))
    session.flash('success', i18n.t('admin.users.reset_sent', { email: subject.email }))
    return response.redirect().toRoute('admin.users.edit', { id: subject.id })
  }
}
