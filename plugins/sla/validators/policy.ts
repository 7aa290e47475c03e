import vine from '@vinejs/vine'
import { TICKET_PRIORITIES } from '#models/ticket'
import { SLA_CALENDARS, SLA_ESCALATE_ON } from '../models/sla_policy.js'

type Meta = { tenantId: number }

/** An optional id of one of the tenant's own rows. */
const ownRow = (table: string) =>
  vine
    .number()
    .withoutDecimals()
    .exists({
      table,
      column: 'id',
      filter: (query, _value, field) => {
        query.where('tenant_id', (field.meta as Meta).tenantId)
      },
    })
    .optional()

/**
 * Escalating at the warning needs a warning lead: without one no
 * warning fires, and the actions would silently never run.
 */
const needsWarning = vine.createRule((value, _options, field) => {
  const lead = Number((field.parent as Record<string, unknown>).warn_minutes ?? 0)
  if (value === 'warning' && !(lead > 0)) {
    field.report('Escalating at the warning needs a warning time', 'sla_escalate_on_warning', field)
  }
})

/**
 * A warning lead may not exceed the shortest target set: a longer lead
 * would put the warning before the clock starts.
 */
const warnsWithinTarget = vine.createRule((value, _options, field) => {
  const lead = Number(value)
  if (!(lead > 0)) return
  const parent = field.parent as Record<string, unknown>
  const targets = ['first_response_minutes', 'next_response_minutes', 'resolution_minutes']
    .map((key) => parent[key])
    .filter((target) => target !== undefined && target !== null && target !== '')
    .map(Number)
    .filter((target) => Number.isFinite(target) && target > 0)
  if (!targets.length) return
  const shortest = Math.min(...targets)
  if (lead > shortest) {
    field.report('The warning time exceeds the target', 'sla_warn_exceeds_target', field, {
      target: shortest,
    })
  }
})

const minutes = () => vine.number().withoutDecimals().range([1, 525600]).optional()

/**
 * A policy form: name, match criteria (empty matches all), targets in
 * minutes, calendar, warning lead and escalation actions.
 */
export const policyValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(120),
  active: vine.boolean().optional(),
  match_answering_point_id: ownRow('answering_points'),
  match_priority: vine.enum(TICKET_PRIORITIES).optional(),
  match_organisation_id: ownRow('organisations'),
  match_contact_id: ownRow('contacts'),
  first_response_minutes: minutes(),
  next_response_minutes: minutes(),
  resolution_minutes: minutes(),
  calendar: vine.enum(SLA_CALENDARS),
  warn_minutes: vine
    .number()
    .withoutDecimals()
    .range([0, 525600])
    .use(warnsWithinTarget())
    .optional(),
  escalate_on: vine.enum(SLA_ESCALATE_ON).use(needsWarning()).optional(),
  escalate_notify: vine.boolean().optional(),
  escalate_assignee_id: ownRow('users'),
  escalate_raise_priority: vine.boolean().optional(),
})

/**
 * The report period: two dates, from not after to.
 */
export const reportValidator = vine.create({
  from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  to: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrSameAs('from')
    .optional(),
})
