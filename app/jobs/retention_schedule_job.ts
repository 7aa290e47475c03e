import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import logger from '@adonisjs/core/services/logger'
import Tenant from '#models/tenant'
import { TenantContext } from '#services/tenant_context'
import RetentionTenantJob from '#jobs/retention_tenant_job'

/**
 * Starts retention for every tenant: one RetentionTenantJob each, so
 * a slow tenant delays nobody else. Runs on the schedule in
 * start/schedules.ts; the payload is empty.
 */
export default class RetentionScheduleJob extends Job<Record<string, never>> {
  static options: JobOptions = {
    name: 'retention.Schedule',
    timeout: '10m',
  }

  /**
   * Queues one run per tenant.
   */
  async execute() {
    const tenants = await TenantContext.bypass(() => Tenant.query().select('id'))
    for (const tenant of tenants) {
      await RetentionTenantJob.dispatch({ tenantId: tenant.id })
    }
    logger.info({ tenants: tenants.length }, 'retention runs queued')
  }
}
