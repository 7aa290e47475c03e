import { DateTime } from 'luxon'
import { HttpContext } from '@adonisjs/core/http'
import TenantPlugin from '#models/tenant_plugin'
import { TenantContext } from '#services/tenant_context'

/**
 * Which modules (plugins) each tenant has enabled. Every check reads
 * the database, so web and worker processes agree at once.
 */
export class ModuleService {
  #perRequest = new WeakMap<HttpContext, { tenantId: number; ids: Promise<Set<string>> }>()

  /**
   * Whether the plugin is enabled for the tenant.
   */
  async isEnabled(tenantId: number, pluginId: string) {
    const row = await TenantContext.run(tenantId, () =>
      TenantPlugin.query().where('plugin_id', pluginId).where('enabled', true).first()
    )
    return row !== null
  }

  /**
   * Ids of the plugins the tenant has enabled.
   */
  async enabledFor(tenantId: number): Promise<Set<string>> {
    /* Asked several times per page (navigation, contributions); one
       query per request is enough. */
    const ctx = HttpContext.get()
    const cached = ctx ? this.#perRequest.get(ctx) : undefined
    if (cached && cached.tenantId === tenantId) return cached.ids

    const ids = TenantContext.run(tenantId, () =>
      TenantPlugin.query().where('enabled', true).select('plugin_id')
    ).then((rows) => new Set(rows.map((row) => row.pluginId)))
    if (ctx) this.#perRequest.set(ctx, { tenantId, ids })
    return ids
  }

  /**
   * Enables or disables a plugin for a tenant and records the month
   * for billing when enabling.
   */
  async setEnabled(tenantId: number, pluginId: string, enabled: boolean) {
    await TenantContext.run(tenantId, async () => {
      await TenantPlugin.updateOrCreate({ pluginId }, { pluginId, enabled })
      const ctx = HttpContext.get()
      if (ctx) this.#perRequest.delete(ctx)
      if (enabled) await this.recordMonth(tenantId, pluginId)
    })
  }

  /**
   * Records that the plugin was enabled in the current month.
   */
  async recordMonth(tenantId: number, pluginId: string) {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const month = DateTime.utc().toFormat('yyyy-MM')
    await db
      .table('tenant_plugin_months')
      .insert({ tenant_id: tenantId, plugin_id: pluginId, month })
      .onConflict(['tenant_id', 'plugin_id', 'month'])
      .ignore()
  }
}

export default new ModuleService()
