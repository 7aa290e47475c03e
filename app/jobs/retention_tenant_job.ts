import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import retention from '#services/retention/retention_service'

/**
 * What travels through the queue: the tenant's id only.
 */
export interface RetentionTenantJobPayload {
  tenantId: number
}

/**
 * Runs (or resumes) retention for one tenant. A retry resumes the
 * unfinished run from its cursors, so a failed attempt loses and
 * duplicates nothing.
 */
export default class RetentionTenantJob extends Job<RetentionTenantJobPayload> {
  static options: JobOptions = {
    name: 'retention.Tenant',
    timeout: '2h',
    retry: { maxRetries: 2 },
  }

  /**
   * Runs retention for the tenant.
   */
  async execute() {
    await retention.run(this.payload.tenantId)
  }
}
