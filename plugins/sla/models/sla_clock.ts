import { compose } from '@adonisjs/core/helpers'
import { column } from '@adonisjs/lucid/orm'
import { SlaClockSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'
import type { SlaTarget } from './sla_policy.js'

/* MariaDB returns BIGINT as a string; the clock works in numbers. */
const number = { consume: (value: unknown) => (value === null ? null : Number(value)) }

/**
 * One SLA clock of a ticket: a target measured in business time,
 * with its deadline, warning, pause state and outcome.
 */
export default class SlaClock extends compose(SlaClockSchema, withTenantScope()) {
  static table = 'sla_clocks'

  declare target: SlaTarget
  declare outcome: 'met' | 'breached' | null

  @column(number)
  declare targetMs: number

  @column(number)
  declare warnMs: number

  @column(number)
  declare consumedMs: number

  /**
   * Whether the clock still counts (not met and not stopped).
   */
  get isOpen() {
    return this.metAt === null && this.stoppedAt === null
  }
}
