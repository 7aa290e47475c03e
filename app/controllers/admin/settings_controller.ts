import type { HttpContext } from '@adonisjs/core/http'
import admin from '#services/admin_service'
import { tenantSettingsValidator } from '#validators/settings'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * The admin landing page with the tenant settings.
 */
export default class SettingsController {
  /**
   * Show the admin area's start page and the tenant settings form.
   */
  async index({ bouncer, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'manageSettings')
    return view.render('pages/admin/settings/index')
  }

  /**
   * Save the tenant settings.
   */
  async update({ bouncer, request, response, session, tenant, i18n }: HttpContext) {
    await authorizeAdmin(bouncer, 'manageSettings')
    const data = await request.validateUsing(tenantSettingsValidator)
    await admin.updateSettings(tenant!, {
      defaultLocale: data.default_locale,
      timeZone: data.time_zone || tenant!.timeZone,
      agentsSeeAllPoints: data.agents_see_all_points ?? false,
    })

    session.flash('success', i18n.t('admin.settings.saved'))
    return response.redirect().toRoute('admin.settings.index')
  }
}
