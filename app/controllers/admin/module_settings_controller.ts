import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import AnsweringPoint from '#models/answering_point'
import modules from '#services/module_service'
import settingsForm from '#services/settings_form_service'
import pluginSettings from '#plugin_host/plugin_settings'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * A module's settings page, rendered from the fields its manifest
 * declares. Modules the tenant has not enabled answer 404.
 */
export default class ModuleSettingsController {
  /**
   * Show the settings form (for one answering point when the module
   * keeps settings per point).
   */
  async edit(ctx: HttpContext) {
    const { plugin, point, points } = await this.resolve(ctx)
    await authorizeAdmin(ctx.bouncer, 'manageSettings')

    const fields = settingsForm.fieldsOf(plugin)
    const stored = await pluginSettings.read(ctx.tenant!.id, plugin.manifest.id, point?.id ?? null)
    return ctx.view.render('pages/admin/modules/settings', {
      plugin: plugin.manifest,
      fields: settingsForm.formFields(fields, stored),
      point,
      points,
    })
  }

  /**
   * Validate and save the settings; blank secrets keep their value.
   */
  async update(ctx: HttpContext) {
    const { plugin, point } = await this.resolve(ctx)
    await authorizeAdmin(ctx.bouncer, 'manageSettings')

    const tenantId = ctx.tenant!.id
    const pointId = point?.id ?? null
    const fields = settingsForm.fieldsOf(plugin)
    const stored = await pluginSettings.read(tenantId, plugin.manifest.id, pointId)
    const validator = settingsForm.validatorFor(fields, pluginSettings.secretStatus(fields, stored))
    const data = await ctx.request.validateUsing(validator)
    await settingsForm.save(tenantId, plugin, pointId, data as Record<string, unknown>)

    ctx.session.flash('success', ctx.i18n.t('admin.modules.saved'))
    return ctx.response
      .redirect()
      .toRoute(
        'admin.module_settings.edit',
        { plugin: plugin.manifest.id },
        { qs: pointId ? { point: pointId } : {} }
      )
  }

  /**
   * The enabled plugin named in the URL with settings to show, and
   * the answering point when settings are per point (the first one
   * unless `?point=` names another of the tenant's).
   */
  protected async resolve({ params, request, tenant }: HttpContext) {
    const host = await app.container.make('plugins')
    const plugin = host.find(params.plugin)
    const enabled = plugin && (await modules.isEnabled(tenant!.id, plugin.manifest.id))
    if (!plugin || !enabled || settingsForm.fieldsOf(plugin).length === 0) {
      throw new Exception('Module not found', { status: 404, code: 'E_ADMIN_MODULE_NOT_FOUND' })
    }
    if (!settingsForm.perPoint(plugin)) return { plugin, point: null, points: [] }

    const points = await AnsweringPoint.query().orderBy('name')
    const wanted = request.qs().point
    const point = wanted ? await AnsweringPoint.findOrFail(wanted) : points[0]
    if (!point) {
      throw new Exception('No answering point', { status: 404, code: 'E_ADMIN_MODULE_NOT_FOUND' })
    }
    return { plugin, point, points }
  }
}
