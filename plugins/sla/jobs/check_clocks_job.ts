import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import escalations from '#plugins/sla/services/escalation_service'

/**
 * Scheduled every minute by the worker: fires due SLA warnings and
 * breaches (with their escalations) for every tenant with the module
 * enabled. Safe to run twice: each warning and breach fires once.
 */
export default class CheckClocksJob extends Job<Record<string, never>> {
  static options: JobOptions = {
    name: 'sla.CheckClocks',
    timeout: '2m',
  }

  /**
   * One pass over all tenants.
   */
  async execute() {
    await escalations.checkAll()
  }
}
