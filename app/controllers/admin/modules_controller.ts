import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import modules from '#services/module_service'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * The modules (plugins) the tenant has enabled.
 */
export default class ModulesController {
  /**
   * List enabled modules with links to their settings.
   */
  async index({ bouncer, view, tenant }: HttpContext) {
    await authorizeAdmin(bouncer, 'manageSettings')
    const host = await app.container.make('plugins')
    const enabled = await modules.enabledFor(tenant!.id)
    const rows = host.plugins
      .filter(({ manifest }) => enabled.has(manifest.id))
      .map(({ manifest }) => ({
        manifest,
        hasSettings: (manifest.settings?.fields ?? []).length > 0,
        links: (manifest.navigation ?? []).filter(
          (item) => (!item.roles || item.roles.includes('admin')) && router.has(item.route)
        ),
      }))
    return view.render('pages/admin/modules/index', { rows })
  }
}
