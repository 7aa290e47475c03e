import { DateTime } from 'luxon'
import Contact from '#models/contact'
import Ticket, { TICKET_STATUSES } from '#models/ticket'
import Message from '#models/message'
import { TenantContext } from '#services/tenant_context'
import SlaClock from '../models/sla_clock.js'
import SlaPolicy, { type SlaTarget } from '../models/sla_policy.js'
import { calendarKey, ScheduleResolver } from './calendars.js'
import { clock } from './clock.js'
import {
  pauseClock,
  replanClock,
  resumeClock,
  retargetClock,
  startClock,
  type ClockState,
} from './deadlines.js'
import { runtime } from './runtime.js'

const MINUTE = 60_000
const UTC = { zone: 'utc' }
const DONE_STATUSES = new Set(['solved', 'closed'])

/**
 * The clock's state as the pure deadline module sees it.
 */
export function stateOf(row: SlaClock): ClockState {
  return {
    targetMs: row.targetMs,
    warnMs: row.warnMs,
    consumedMs: row.consumedMs,
    since: row.since.toJSDate(),
    paused: row.paused,
    dueAt: row.dueAt?.toJSDate() ?? null,
    warnAt: row.warnAt?.toJSDate() ?? null,
  }
}

function applyState(row: SlaClock, state: ClockState) {
  row.targetMs = state.targetMs
  row.warnMs = state.warnMs
  row.consumedMs = state.consumedMs
  row.since = DateTime.fromJSDate(state.since, UTC)
  row.paused = state.paused
  row.dueAt = state.dueAt ? DateTime.fromJSDate(state.dueAt, UTC) : null
  row.warnAt = state.warnAt ? DateTime.fromJSDate(state.warnAt, UTC) : null
}

/**
 * After a clock is planned again: a warning not yet due may fire anew,
 * and a breach recorded under the old plan is withdrawn when the new
 * deadline lies ahead (a longer target, more opening hours), so the
 * clock, the badge and the report follow the plan in force. The
 * breach's history entry stays.
 */
function afterReplan(row: SlaClock, state: ClockState, now: Date) {
  if (row.warnedAt && state.warnAt && state.warnAt > now) row.warnedAt = null
  if (row.breachedAt && state.dueAt && state.dueAt > now) {
    row.breachedAt = null
    if (row.outcome === 'breached') {
      row.outcome = null
      row.settledAt = null
    }
  }
}

/**
 * Runs the SLA clocks of tickets from the core's ticket events: starts
 * them when a ticket opens, pauses and resumes them with the status,
 * marks responses and resolution met, and moves them to another policy
 * or calendar when the ticket's priority or answering point changes.
 */
export class ClockService {
  /**
   * Statuses that pause the clocks, from the plugin's settings
   * (comma-separated; unknown names are ignored).
   */
  async pausingStatuses(tenantId: number): Promise<Set<string>> {
    const settings = await runtime().settings.get(tenantId)
    return parseStatuses(String(settings.pausing_statuses ?? ''))
  }

  /**
   * The first active policy, in order, whose criteria all match.
   */
  async matchPolicy(ticket: Ticket): Promise<SlaPolicy | null> {
    const policies = await SlaPolicy.query()
      .where('active', true)
      .orderBy('position', 'asc')
      .orderBy('id', 'asc')
    if (!policies.length) return null
    const contact = ticket.contactId
      ? await Contact.query().where('id', ticket.contactId).select('id', 'organisation_id').first()
      : null
    return (
      policies.find(
        (policy) =>
          (policy.matchAnsweringPointId === null ||
            policy.matchAnsweringPointId === ticket.answeringPointId) &&
          (policy.matchPriority === null || policy.matchPriority === ticket.priority) &&
          (policy.matchContactId === null || policy.matchContactId === ticket.contactId) &&
          (policy.matchOrganisationId === null ||
            policy.matchOrganisationId === (contact?.organisationId ?? null))
      ) ?? null
    )
  }

  /**
   * A new ticket: first response and resolution clocks of the
   * matching policy.
   */
  async onCreated(ticket: Ticket) {
    await this.forTicket(ticket, async (resolver, pausing) => {
      const policy = await this.matchPolicy(ticket)
      if (!policy) return
      for (const target of ['first_response', 'resolution'] as const) {
        await this.start(ticket, policy, target, resolver, pausing)
      }
    })
  }

  /**
   * A ticket's status, priority or answering point changed.
   */
  async onUpdated(ticket: Ticket, changes: Record<string, { from: unknown; to: unknown }>) {
    await this.forTicket(ticket, async (resolver, pausing) => {
      const now = clock.now()
      if (changes.priority || changes.answeringPointId) {
        await this.rematch(ticket, resolver, pausing, now)
      }
      if (changes.status && DONE_STATUSES.has(ticket.status)) {
        for (const row of await this.openClocks(ticket)) {
          if (row.target === 'resolution') {
            await this.settle(row, ticket, resolver, now, ticket.assigneeId)
            continue
          }
          /* A reply sent with "solve" is stored before the status
             changes but announced after: it still meets the response. */
          const reply = await this.replySince(ticket, row)
          if (reply) await this.settle(row, ticket, resolver, now, reply.authorId)
          else await this.stop(row, resolver, now)
        }
        return
      }
      if (changes.status) await this.syncPause(ticket, resolver, pausing, now)
    })
  }

  /**
   * An agent's reply: the open first or next response clock is met.
   */
  async onAgentReply(ticket: Ticket, message: Message) {
    if (message.type !== 'outbound') return
    await this.forTicket(ticket, async (resolver) => {
      const now = clock.now()
      for (const row of await this.openClocks(ticket)) {
        if (row.target === 'resolution') continue
        await this.settle(row, ticket, resolver, now, message.authorId ?? ticket.assigneeId)
      }
    })
  }

  /**
   * A customer's message: after the first response, it starts the
   * next response clock. The inbox may have reopened the ticket
   * without an update event, so the pause state is synced too.
   */
  async onCustomerMessage(ticket: Ticket, message: Message) {
    if (message.type !== 'inbound') return
    await this.forTicket(ticket, async (resolver, pausing) => {
      const now = clock.now()
      await this.syncPause(ticket, resolver, pausing, now)
      const rows = await SlaClock.query().where('ticket_id', ticket.id)
      const waiting = rows.some((row) => row.isOpen && row.target !== 'resolution')
      const answered = rows.some((row) => row.target !== 'resolution' && row.metAt !== null)
      if (waiting || !answered || DONE_STATUSES.has(ticket.status)) return
      const policy = await this.matchPolicy(ticket)
      if (policy) await this.start(ticket, policy, 'next_response', resolver, pausing)
    })
  }

  /**
   * Moves every open clock of the policy to its current targets,
   * calendar and warning lead (after an admin edits the policy).
   */
  async retargetPolicy(policy: SlaPolicy) {
    const rows = await SlaClock.query()
      .where('policy_id', policy.id)
      .whereNull('met_at')
      .whereNull('stopped_at')
    const resolver = new ScheduleResolver(policy.tenantId)
    const now = clock.now()
    for (const row of rows) {
      const ticket = await Ticket.find(row.ticketId)
      if (ticket) await this.moveTo(row, ticket, policy, resolver, now)
    }
  }

  /**
   * Plans the running clocks of a tenant again after its calendars
   * changed: the time left at each clock's last start or resume is
   * counted in the new hours from then. Clocks around the clock and
   * paused ones (planned on resuming) are left alone.
   */
  async replanTenant(tenantId: number) {
    if (!(await runtime().modules.isEnabled(tenantId, 'sla'))) return
    await TenantContext.run(tenantId, async () => {
      const rows = await SlaClock.query()
        .whereNull('met_at')
        .whereNull('stopped_at')
        .where('paused', false)
        .whereNot('calendar_key', 'always')
      const resolver = new ScheduleResolver(tenantId)
      const now = clock.now()
      for (const row of rows) {
        const state = replanClock(await resolver.for(row.calendarKey), stateOf(row))
        applyState(row, state)
        afterReplan(row, state, now)
        await row.save()
      }
    })
  }

  /**
   * Runs `fn` in the ticket's tenant when the module is enabled there.
   */
  protected async forTicket(
    ticket: Ticket,
    fn: (resolver: ScheduleResolver, pausing: Set<string>) => Promise<void>
  ) {
    const tenantId = ticket.tenantId
    if (!(await runtime().modules.isEnabled(tenantId, 'sla'))) return
    await TenantContext.run(tenantId, async () => {
      const pausing = await this.pausingStatuses(tenantId)
      await fn(new ScheduleResolver(tenantId), pausing)
    })
  }

  /**
   * The first outbound message of the ticket since the clock started.
   */
  protected replySince(ticket: Ticket, row: SlaClock) {
    return Message.query()
      .where('ticket_id', ticket.id)
      .where('type', 'outbound')
      .where('created_at', '>=', row.startedAt.toUTC().toFormat('yyyy-LL-dd HH:mm:ss'))
      .orderBy('id', 'asc')
      .first()
  }

  protected openClocks(ticket: Ticket) {
    return SlaClock.query()
      .where('ticket_id', ticket.id)
      .whereNull('met_at')
      .whereNull('stopped_at')
      .orderBy('id', 'asc')
  }

  protected async start(
    ticket: Ticket,
    policy: SlaPolicy,
    target: SlaTarget,
    resolver: ScheduleResolver,
    pausing: Set<string>
  ) {
    const minutes = policy.minutesFor(target)
    if (minutes === null) return
    const now = clock.now()
    const key = calendarKey(policy.calendar, ticket.answeringPointId)
    const state = startClock(
      await resolver.for(key),
      now,
      minutes * MINUTE,
      policy.warnMinutes * MINUTE,
      pausing.has(ticket.status)
    )
    const row = new SlaClock()
    row.merge({
      ticketId: ticket.id,
      policyId: policy.id,
      target,
      calendarKey: key,
      startedAt: DateTime.fromJSDate(now, UTC),
    })
    applyState(row, state)
    await row.save()
  }

  /**
   * Pauses or resumes the open clocks to match the ticket's status.
   */
  protected async syncPause(
    ticket: Ticket,
    resolver: ScheduleResolver,
    pausing: Set<string>,
    now: Date
  ) {
    const shouldPause = pausing.has(ticket.status)
    for (const row of await this.openClocks(ticket)) {
      if (row.paused === shouldPause) continue
      const schedule = await resolver.for(row.calendarKey)
      const state = stateOf(row)
      applyState(
        row,
        shouldPause ? pauseClock(schedule, state, now) : resumeClock(schedule, state, now)
      )
      await row.save()
    }
  }

  /**
   * After a priority or point change: the open clocks move to the
   * policy that matches now (its targets and calendar), keeping the
   * business time already consumed. Without any clocks yet, a policy
   * that now matches starts them.
   */
  protected async rematch(
    ticket: Ticket,
    resolver: ScheduleResolver,
    pausing: Set<string>,
    now: Date
  ) {
    const policy = await this.matchPolicy(ticket)
    const all = await SlaClock.query().where('ticket_id', ticket.id)
    if (all.length === 0) {
      if (!policy || DONE_STATUSES.has(ticket.status)) return
      for (const target of ['first_response', 'resolution'] as const) {
        await this.start(ticket, policy, target, resolver, pausing)
      }
      return
    }
    for (const row of all.filter((clock_) => clock_.isOpen)) {
      if (!policy || policy.minutesFor(row.target) === null) {
        await this.stop(row, resolver, now)
      } else {
        await this.moveTo(row, ticket, policy, resolver, now)
      }
    }
  }

  protected async moveTo(
    row: SlaClock,
    ticket: Ticket,
    policy: SlaPolicy,
    resolver: ScheduleResolver,
    now: Date
  ) {
    const minutes = policy.minutesFor(row.target)
    if (minutes === null) return this.stop(row, resolver, now)
    const key = calendarKey(policy.calendar, ticket.answeringPointId)
    const state = retargetClock(
      await resolver.for(row.calendarKey),
      await resolver.for(key),
      stateOf(row),
      now,
      minutes * MINUTE,
      policy.warnMinutes * MINUTE
    )
    applyState(row, state)
    row.policyId = policy.id
    row.calendarKey = key
    afterReplan(row, state, now)
    await row.save()
  }

  /**
   * Marks a clock met at `at`; met after its deadline counts as
   * breached.
   */
  protected async settle(
    row: SlaClock,
    ticket: Ticket,
    resolver: ScheduleResolver,
    at: Date,
    agentId: number | null
  ) {
    const schedule = await resolver.for(row.calendarKey)
    applyState(row, pauseClock(schedule, stateOf(row), at))
    row.metAt = DateTime.fromJSDate(at, UTC)
    if (row.outcome === null) {
      const late = row.consumedMs > row.targetMs
      row.outcome = late ? 'breached' : 'met'
      row.settledAt = row.metAt
      row.answeringPointId = ticket.answeringPointId
      row.agentId = agentId
    }
    await row.save()
  }

  protected async stop(row: SlaClock, resolver: ScheduleResolver, at: Date) {
    const schedule = await resolver.for(row.calendarKey)
    applyState(row, pauseClock(schedule, stateOf(row), at))
    row.stoppedAt = DateTime.fromJSDate(at, UTC)
    await row.save()
  }
}

/**
 * Names in a comma-separated status list that cannot pause a clock
 * (unknown, or solved/closed, which stop it), to show to the admin.
 */
export function unusableStatuses(value: string): string[] {
  const usable = parseStatuses(value)
  return value
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name && !usable.has(name.toLowerCase()))
}

/**
 * Statuses named in a comma-separated list, known ones only.
 */
export function parseStatuses(value: string): Set<string> {
  const known = new Set<string>(TICKET_STATUSES)
  return new Set(
    value
      .split(/[\s,]+/)
      .map((name) => name.trim().toLowerCase())
      .filter((name) => known.has(name) && !DONE_STATUSES.has(name))
  )
}

export default new ClockService()
