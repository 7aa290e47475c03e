import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#models/tenant'
import platform from '#services/platform_service'
import { tenantModuleValidator } from '#validators/tenant'

/**
 * Enabling and disabling a module (plugin) for one tenant.
 */
export default class TenantModulesController {
  /**
   * Enable or disable the module.
   */
  async update({ params, request, response, session, i18n, logger }: HttpContext) {
    const tenant = await Tenant.findOrFail(params.id)
    const { enabled } = await request.validateUsing(tenantModuleValidator)
    await platform.setModule(tenant.id, params.plugin, enabled)

    logger.info({ tenantId: tenant.id, plugin: params.plugin, enabled }, 'module toggled')
    const key = enabled ? 'platform.modules.enabled' : 'platform.modules.disabled'
    session.flash('success', i18n.t(key, { module: params.plugin, tenant: tenant.name }))
    return response.redirect().toRoute('platform.tenants.show', { id: tenant.id })
  }
}
