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
   * Adds a policy. One with criteria goes just above the first active
   * catch-all (a policy without criteria), where it can still match;
   * otherwise, and for a new catch-all, at the end of the order.
   */
  async create(input: PolicyInput) {
    return db.transaction(async (trx) => {
      const list = await this.ordered().useTransaction(trx)
      const columns = toColumns(input)
      const specific = !new SlaPolicy().merge(columns).matchesAll
      const catchAll = list.findIndex((item) => item.active && item.matchesAll)
      const at = specific && catchAll >= 0 ? catchAll : list.length
      list.forEach((item, index) => (item.position = index + 1 + (index >= at ? 1 : 0)))
      for (const item of list) {
        if (item.$isDirty) {
          item.useTransaction(trx)
          await item.save()
        }
      }
      return SlaPolicy.create({ ...columns, position: at + 1 }, { client: trx })
    })
  }

  /**
   * The ids of the policies placed below an active catch-all: no
   * ticket ever reaches them.
   */
  unreachable(list: SlaPolicy[]): number[] {
    const catchAll = list.findIndex((item) => item.active && item.matchesAll)
    if (catchAll < 0) return []
    return list.slice(catchAll + 1).map((item) => item.id)
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
