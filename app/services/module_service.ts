import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import { HttpContext } from '@adonisjs/core/http'
import TenantPlugin from '#models/tenant_plugin'
import type { PluginHost } from '#plugin_host/plugin_host'
import { TenantContext } from '#services/tenant_context'

/**
 * Which modules (plugins) each tenant has enabled. Every check reads
 * the database, so web and worker processes agree at once.
 *
 * "Enabled" is the effective state: switched on for the tenant, and
 * not switched off by a dependency. A plugin whose manifest says
 * `whenDependencyDisabled: 'disable'` counts as disabled while one of
 * its `dependsOn` plugins is off for the tenant; with `'degrade'` it
 * stays enabled and asks `isEnabled` about the dependency itself.
 */
export class ModuleService {
  #perRequest = new WeakMap<HttpContext, { tenantId: number; ids: Promise<Set<string>> }>()

  /**
   * @param plugins the plugin host whose manifests decide dependencies
   *   (the container's by default; tests pass their own)
   */
  constructor(
    protected plugins: () => Promise<Pick<PluginHost, 'plugins' | 'find'>> = () =>
      app.container.make('plugins')
  ) {}

  /**
   * Whether the plugin is enabled for the tenant.
   */
  async isEnabled(tenantId: number, pluginId: string) {
    const host = await this.plugins()
    const manifest = host.find(pluginId)?.manifest
    const needs = manifest?.whenDependencyDisabled === 'disable' ? (manifest.dependsOn ?? []) : []
    const rows = await TenantContext.run(tenantId, () =>
      TenantPlugin.query()
        .whereIn('plugin_id', [pluginId, ...needs])
        .where('enabled', true)
        .select('plugin_id')
    )
    const on = new Set(rows.map((row) => row.pluginId))
    return on.has(pluginId) && needs.every((id) => on.has(id))
  }

  /**
   * Ids of the plugins the tenant has enabled, after dependencies.
   */
  async enabledFor(tenantId: number): Promise<Set<string>> {
    const on = await this.switchedOnFor(tenantId)
    const host = await this.plugins()
    const enabled = new Set<string>()
    /* Dependency order: a dependency is decided before its users. */
    for (const { manifest } of host.plugins) {
      if (!on.has(manifest.id)) continue
      const blocked =
        manifest.whenDependencyDisabled === 'disable' &&
        (manifest.dependsOn ?? []).some((id) => !enabled.has(id))
      if (!blocked) enabled.add(manifest.id)
    }
    return enabled
  }

  /**
   * Ids of the plugins switched on for the tenant in the console,
   * whatever their dependencies.
   */
  async switchedOnFor(tenantId: number): Promise<Set<string>> {
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
