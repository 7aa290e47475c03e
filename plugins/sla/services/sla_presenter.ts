import type { DateTime } from 'luxon'
import { HttpContext } from '@adonisjs/core/http'
import SlaClock from '../models/sla_clock.js'
import SlaPolicy from '../models/sla_policy.js'
import { TenantContext } from '#services/tenant_context'
import { ScheduleResolver } from './calendars.js'
import { clock } from './clock.js'
import { stateOf } from './clock_service.js'
import { remainingMs } from './deadlines.js'

/** How a ticket's most urgent clock is shown. */
export type SlaDisplayState = 'ok' | 'warning' | 'breached' | 'paused'

/**
 * One ticket's SLA display: the most urgent open clock.
 */
export interface SlaDisplay {
  state: SlaDisplayState
  target: string
  /** Business time left (ok, warning, paused) or wall time since the deadline (breached), ms. */
  ms: number
  /** Minutes and hours for the label. */
  duration: { days: number; hours: number; minutes: number }
  dueAt: DateTime | null
}

/**
 * Splits milliseconds into whole hours and minutes, or into days,
 * hours and minutes with `days` (only for wall-clock time: a business
 * day is not 24 hours). Time left is rounded up (so "0 min left" only
 * shows at the deadline), time overdue down.
 */
export function splitDuration(
  ms: number,
  round: 'up' | 'down' = 'up',
  options: { days?: boolean } = {}
) {
  const minutes = Math.abs(ms) / 60_000
  const total = Math.max(0, round === 'up' ? Math.ceil(minutes) : Math.floor(minutes))
  const days = options.days ? Math.floor(total / 1440) : 0
  return {
    days,
    hours: Math.floor((total - days * 1440) / 60),
    minutes: total % 60,
  }
}

/**
 * Works out what the ticket list column and the ticket badge show:
 * per ticket, the open clock closest to (or furthest past) its
 * deadline, in one query for the whole page.
 */
export class SlaPresenter {
  #perRequest = new WeakMap<
    HttpContext,
    { key: string; value: Promise<Record<number, SlaDisplay>> }
  >()

  /**
   * Displays keyed by ticket id.
   */
  async forTickets(tenantId: number, tickets: { id: number }[]) {
    if (!tickets.length) return {}
    /* The list asks twice (column and badge) for the same page. */
    const ctx = HttpContext.get()
    const key = `${tenantId}:${tickets.map((ticket) => ticket.id).join(',')}`
    const cached = ctx ? this.#perRequest.get(ctx) : undefined
    if (cached?.key === key) return cached.value
    const value = this.load(tenantId, tickets)
    if (ctx) this.#perRequest.set(ctx, { key, value })
    return value
  }

  protected load(tenantId: number, tickets: { id: number }[]) {
    return TenantContext.run(tenantId, async () => {
      const rows = await SlaClock.query()
        .whereIn(
          'ticket_id',
          tickets.map((ticket) => ticket.id)
        )
        .whereNull('met_at')
        .whereNull('stopped_at')
      const resolver = new ScheduleResolver(tenantId)
      const now = clock.now()
      const shown: Record<number, SlaDisplay> = {}
      for (const row of rows) {
        const display = await this.display(row, resolver, now)
        const current = shown[row.ticketId]
        if (!current || rank(display) < rank(current)) shown[row.ticketId] = display
      }
      return shown
    })
  }

  /**
   * All clocks of each ticket (the ticket page has one), keyed by id.
   */
  async linesFor(tenantId: number, tickets: { id: number }[]) {
    if (!tickets.length) return {}
    return TenantContext.run(tenantId, async () => {
      const rows = await SlaClock.query()
        .whereIn(
          'ticket_id',
          tickets.map((ticket) => ticket.id)
        )
        .orderBy('id', 'asc')
      const names = new Map(
        (await SlaPolicy.query().select('id', 'name')).map((policy) => [policy.id, policy.name])
      )
      const resolver = new ScheduleResolver(tenantId)
      const now = clock.now()
      const lines: Record<number, SlaClockLine[]> = {}
      for (const row of rows) {
        const open = row.metAt === null && row.stoppedAt === null
        const display = open ? await this.display(row, resolver, now) : null
        ;(lines[row.ticketId] ??= []).push({
          target: row.target,
          policyName: row.policyId ? (names.get(row.policyId) ?? null) : null,
          state: display?.state ?? (row.metAt ? 'met' : 'stopped'),
          outcome: row.outcome,
          duration: display?.duration ?? null,
          ms: display?.ms ?? null,
          dueAt: row.dueAt,
          metAt: row.metAt,
        })
      }
      return lines
    })
  }

  protected async display(row: SlaClock, resolver: ScheduleResolver, now: Date) {
    const schedule = await resolver.for(row.calendarKey)
    const state = stateOf(row)
    let kind: SlaDisplayState
    let ms: number
    if (state.paused) {
      kind = 'paused'
      ms = remainingMs(schedule, state, now)
    } else if (row.breachedAt || (state.dueAt && now >= state.dueAt)) {
      kind = 'breached'
      ms = now.getTime() - (state.dueAt?.getTime() ?? now.getTime())
    } else {
      ms = remainingMs(schedule, state, now)
      kind = row.warnMs > 0 && ms <= row.warnMs ? 'warning' : 'ok'
    }
    return {
      state: kind,
      target: row.target,
      ms,
      /* Time left is business time: hours and minutes only. Overdue
         time is wall-clock time, where whole days read better. */
      duration:
        kind === 'breached' ? splitDuration(ms, 'down', { days: true }) : splitDuration(ms, 'up'),
      dueAt: row.dueAt,
    } satisfies SlaDisplay
  }
}

/**
 * Every clock of one ticket for the ticket page's SLA panel, oldest
 * first, with the policy's name.
 */
export interface SlaClockLine {
  target: string
  policyName: string | null
  state: SlaDisplayState | 'met' | 'stopped'
  outcome: string | null
  duration: { days: number; hours: number; minutes: number } | null
  /** As in `SlaDisplay`, for an open clock. */
  ms: number | null
  dueAt: DateTime | null
  metAt: DateTime | null
}

/** Lower is more urgent: breached first, then least time left. */
function rank(display: SlaDisplay) {
  if (display.state === 'breached') return -1e15 - display.ms
  if (display.state === 'paused') return 1e15 + display.ms
  return display.ms
}

export default new SlaPresenter()
