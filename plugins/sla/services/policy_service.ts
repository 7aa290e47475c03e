import db from '@adonisjs/lucid/services/db'
import SlaPolicy from '../models/sla_policy.js'
import type { SlaCalendar, SlaEscalateOn } from '../models/sla_policy.js'
import clocks from './clock_service.js'

/**
 * A policy as the form delivers it.
 */
export interface PolicyInput {
  name: string
  active?: boolean
  match_answering_point_id?: number | null
  match_priority?: string | null
  match_organisation_id?: number | null
  match_contact_id?: number | null
  first_response_minutes?: number | null
  next_response_minutes?: number | null
  resolution_minutes?: number | null
  calendar: SlaCalendar
  warn_minutes?: number | null
  escalate_on?: SlaEscalateOn
  escalate_notify?: boolean
  escalate_assignee_id?: number | null
  escalate_raise_priority?: boolean
}

function toColumns(input: PolicyInput) {
  return {
    name: input.name,
    active: input.active ?? false,
    matchAnsweringPointId: input.match_answering_point_id ?? null,
    matchPriority: input.match_priority ?? null,
    matchOrganisationId: input.match_organisation_id ?? null,
    matchContactId: input.match_contact_id ?? null,
    firstResponseMinutes: input.first_response_minutes ?? null,
    nextResponseMinutes: input.next_response_minutes ?? null,
    resolutionMinutes: input.resolution_minutes ?? null,
    calendar: input.calendar,
    warnMinutes: input.warn_minutes ?? 0,
    escalateOn: input.escalate_on ?? 'breach',
    escalateNotify: input.escalate_notify ?? false,
    escalateAssigneeId: input.escalate_assignee_id ?? null,
    escalateRaisePriority: input.escalate_raise_priority ?? false,
  }
}

/**
 * Creates, changes, orders and removes a tenant's SLA policies.
 */
export class PolicyService {
  /**
   * The tenant's policies in the order they are tried.
   */
  ordered() {
    return SlaPolicy.query().orderBy('position', 'asc').orderBy('id', 'asc')
  }

  /**
   * Adds a policy at the end of the order.
   */
  async create(input: PolicyInput) {
    const last = await SlaPolicy.query().max('position as top').first()
    const top = Number((last as any)?.$extras?.top ?? 0)
    return SlaPolicy.create({ ...toColumns(input), position: top + 1 })
  }

  /**
   * Saves a policy and moves its open clocks to the new targets,
   * keeping the business time they have consumed.
   */
  async update(policy: SlaPolicy, input: PolicyInput) {
    policy.merge(toColumns(input))
    await policy.save()
    await clocks.retargetPolicy(policy)
    return policy
  }

  /**
   * Moves a policy one step up or down in the order.
   */
  async move(policy: SlaPolicy, direction: 'up' | 'down') {
    const list = await this.ordered()
    const index = list.findIndex((item) => item.id === policy.id)
    const other = list[direction === 'up' ? index - 1 : index + 1]
    if (index < 0 || !other) return
    await db.transaction(async (trx) => {
      list.forEach((item, position) => (item.position = position + 1))
      ;[list[index].position, other.position] = [other.position, list[index].position]
      for (const item of list) {
        item.useTransaction(trx)
        await item.save()
      }
    })
  }

  /**
   * Removes a policy; its clocks stay, without a policy.
   */
  async destroy(policy: SlaPolicy) {
    await policy.delete()
  }
}

export default new PolicyService()
