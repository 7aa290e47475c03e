import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Runs retention now, in this process, for one tenant or every
 * tenant, instead of waiting for the worker's schedule. A run already
 * under way for a tenant is left to finish. Prints one line per
 * tenant with the run's totals; the report is on the admin retention
 * page as for scheduled runs.
 */
export default class RetentionRunCommand extends BaseCommand {
  static commandName = 'retention:run'
  static description = 'Run retention now for one tenant (--tenant) or every tenant'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Slug of the tenant (default: every tenant)' })
  declare tenant?: string

  /**
   * Runs retention tenant by tenant and prints the totals.
   */
  async run() {
    const { default: Tenant } = await import('#models/tenant')
    const { TenantContext } = await import('#services/tenant_context')
    const { default: retention } = await import('#services/retention/retention_service')

    const tenants = await TenantContext.bypass(() => {
      const query = Tenant.query().select('id', 'slug').orderBy('id', 'asc')
      if (this.tenant) query.where('slug', this.tenant)
      return query
    })
    if (this.tenant && !tenants.length) {
      this.logger.error(`no tenant with the slug ${this.tenant}`)
      this.exitCode = 1
      return
    }

    for (const tenant of tenants) {
      try {
        const run = await retention.run(tenant.id)
        const totals = { archived: 0, deleted: 0, anonymised: 0 }
        for (const counts of Object.values(run.report?.classes ?? {})) {
          totals.archived += counts.archived
          totals.deleted += counts.deleted
          totals.anonymised += counts.anonymised
        }
        this.logger.info(
          `${tenant.slug}: run ${run.id} ${run.status}, archived ${totals.archived}, ` +
            `deleted ${totals.deleted}, anonymised ${totals.anonymised}`
        )
      } catch (error) {
        this.logger.error(`${tenant.slug}: ${error instanceof Error ? error.message : error}`)
        this.exitCode = 1
      }
    }
  }
}
