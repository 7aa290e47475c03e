import { compose } from '@adonisjs/core/helpers'
import { SlaPolicySchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/** Targets a policy can set. */
export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const
export type SlaTarget = (typeof SLA_TARGETS)[number]

/** Which calendar a policy counts in. */
export const SLA_CALENDARS = ['point', 'base', 'always'] as const
export type SlaCalendar = (typeof SLA_CALENDARS)[number]

/** When the escalation actions run: at the warning or the breach. */
export const SLA_ESCALATE_ON = ['breach', 'warning'] as const
export type SlaEscalateOn = (typeof SLA_ESCALATE_ON)[number]

/**
 * An ordered SLA policy: match criteria, targets in minutes, the
 * calendar they count in, the warning lead and escalation actions.
 */
export default class SlaPolicy extends compose(SlaPolicySchema, withTenantScope()) {
  static table = 'sla_policies'

  declare calendar: SlaCalendar
  declare escalateOn: SlaEscalateOn

  /**
   * True when the policy sets no criteria and so matches every ticket:
   * active, it is a catch-all that no policy below it can get past.
   */
  get matchesAll(): boolean {
    return (
      this.matchAnsweringPointId === null &&
      this.matchPriority === null &&
      this.matchOrganisationId === null &&
      this.matchContactId === null
    )
  }

  /**
   * The target in minutes, or null when the policy sets none.
   */
  minutesFor(target: SlaTarget): number | null {
    const minutes = {
      first_response: this.firstResponseMinutes,
      next_response: this.nextResponseMinutes,
      resolution: this.resolutionMinutes,
    }[target]
    return minutes && minutes > 0 ? minutes : null
  }
}
