import transmit from '@adonisjs/transmit/services/main'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import type Ticket from '#models/ticket'
import type User from '#models/user'
import visibility from '#services/ticket_visibility_service'
import { sqlTime } from '#services/ticket_query_service'

/**
 * What happened to a ticket, as announced to open ticket lists.
 */
export type TicketActivity = 'created' | 'updated' | 'message'

/**
 * The payload of a live ticket announcement: ids, number and subject
 * only. Pages fetch anything else through their normal, authorised
 * requests.
 */
export interface TicketAnnouncement {
  activity: TicketActivity
  ticketId: number
  number: number
  subject: string
  answeringPointId: number | null
}

/** Stands for "no answering point" in a point channel name. */
export const NO_POINT = 'none'

/**
 * Channel names and their authorisation for live ticket updates.
 *
 * - `tenants/<t>/tickets`: every ticket of the tenant; for users who
 *   see all answering points.
 * - `tenants/<t>/points/<p>/tickets`: one answering point (`none` for
 *   tickets without one, which everyone may see).
 * - `tenants/<t>/users/<u>/tickets`: tickets assigned to one user.
 *
 * A stream belongs to the user who opened it; a subscription is only
 * accepted for the owner's own streams, on channels of their own
 * tenant that they may see.
 */
export class LiveUpdateService {
  #owners = new Map<string, string>()
  #relay: NodeJS.Timeout | null = null
  #watermarks = new Map<number, { at: string; ids: Set<number> }>()

  tenantChannel(tenantId: number) {
    return `tenants/${tenantId}/tickets`
  }

  pointChannel(tenantId: number, pointId: number | null) {
    return `tenants/${tenantId}/points/${pointId ?? NO_POINT}/tickets`
  }

  userChannel(tenantId: number, userId: number) {
    return `tenants/${tenantId}/users/${userId}/tickets`
  }

  /**
   * The channels a user's ticket list listens to.
   */
  async channelsFor(user: User) {
    const points = await visibility.pointIdsFor(user)
    if (points === null) return [this.tenantChannel(user.tenantId)]
    return [
      ...points.map((id) => this.pointChannel(user.tenantId, id)),
      this.pointChannel(user.tenantId, null),
      this.userChannel(user.tenantId, user.id),
    ]
  }

  /**
   * Registers the channel rules with transmit and remembers who opened
   * each stream. Called once at boot.
   */
  register() {
    transmit.on('connect', ({ uid, context }) => {
      const owner = this.ownerKey(context as HttpContext)
      if (owner) this.#owners.set(uid, owner)
    })
    transmit.on('disconnect', ({ uid }) => {
      this.#owners.delete(uid)
    })

    transmit.authorize<{ tenantId: string }>('tenants/:tenantId/tickets', async (ctx, params) => {
      const user = this.subscriber(ctx, params.tenantId)
      return user !== null && (await visibility.pointIdsFor(user)) === null
    })

    transmit.authorize<{ tenantId: string; pointId: string }>(
      'tenants/:tenantId/points/:pointId/tickets',
      async (ctx, params) => {
        const user = this.subscriber(ctx, params.tenantId)
        if (!user) return false
        if (params.pointId === NO_POINT) return true
        if (!/^\d+$/.test(params.pointId)) return false
        const points = await visibility.pointIdsFor(user)
        return points === null || points.includes(Number(params.pointId))
      }
    )

    transmit.authorize<{ tenantId: string; userId: string }>(
      'tenants/:tenantId/users/:userId/tickets',
      (ctx, params) => {
        const user = this.subscriber(ctx, params.tenantId)
        return user !== null && String(user.id) === params.userId
      }
    )
  }

  /**
   * Announces a ticket's activity on the channels of everyone who may
   * see it.
   */
  announce(ticket: Ticket, activity: TicketActivity) {
    const payload: TicketAnnouncement = {
      activity,
      ticketId: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      answeringPointId: ticket.answeringPointId,
    }
    const channels = [
      this.tenantChannel(ticket.tenantId),
      this.pointChannel(ticket.tenantId, ticket.answeringPointId),
    ]
    if (ticket.assigneeId !== null) {
      channels.push(this.userChannel(ticket.tenantId, ticket.assigneeId))
    }
    for (const channel of channels) transmit.broadcast(channel, { ...payload })
  }

  /**
   * Relays activity written by other processes (the worker fetching
   * mail) to this process's streams: transmit without a shared
   * transport only reaches streams of the process that broadcasts.
   * Polls only while someone listens, and only their tenants' tickets,
   * through the (tenant, last activity) index.
   */
  startRelay(intervalMs = 2000) {
    if (this.#relay) return
    this.#relay = setInterval(() => {
      this.relayOnce().catch((error) => logger.warn({ err: error }, 'live relay failed'))
    }, intervalMs)
    this.#relay.unref()
  }

  /**
   * Stops the relay started by `startRelay`.
   */
  stopRelay() {
    if (this.#relay) clearInterval(this.#relay)
    this.#relay = null
    this.#watermarks.clear()
  }

  /**
   * One relay pass: announces tickets whose last activity is newer
   * than what was seen for each listening tenant.
   */
  async relayOnce() {
    const tenants = this.listeningTenants()
    for (const tenantId of [...this.#watermarks.keys()]) {
      if (!tenants.has(tenantId)) this.#watermarks.delete(tenantId)
    }
    for (const tenantId of tenants) {
      const mark = this.#watermarks.get(tenantId)
      const query = db
        .from('tickets')
        .select('id', 'tenant_id', 'number', 'subject', 'answering_point_id', 'assignee_id')
        .select('last_activity_at', 'created_at')
        .where('tenant_id', tenantId)
        .orderBy('last_activity_at', mark ? 'asc' : 'desc')
        .limit(mark ? 200 : 1)
      if (mark) query.where('last_activity_at', '>=', mark.at)
      const rows = await query
      if (!mark) {
        const at = rows[0] ? sqlTime(rows[0].last_activity_at) : '1970-01-01 00:00:00'
        this.#watermarks.set(tenantId, { at, ids: new Set(rows.map((row) => row.id)) })
        continue
      }
      for (const row of rows) {
        const at = sqlTime(row.last_activity_at)
        if (at === mark.at && mark.ids.has(row.id)) continue
        const created = sqlTime(row.created_at) >= mark.at
        this.announce(
          {
            id: row.id,
            tenantId: row.tenant_id,
            number: row.number,
            subject: row.subject,
            answeringPointId: row.answering_point_id,
            assigneeId: row.assignee_id,
          } as Ticket,
          created ? 'created' : 'message'
        )
        if (at !== mark.at) {
          mark.at = at
          mark.ids = new Set()
        }
        mark.ids.add(row.id)
      }
    }
  }

  /**
   * Tenants with at least one subscribed stream in this process.
   */
  protected listeningTenants() {
    const tenants = new Set<number>()
    for (const channels of transmit.getManager().getAllSubscribers().values()) {
      for (const channel of channels) {
        const match = /^tenants\/(\d+)\//.exec(channel)
        if (match) tenants.add(Number(match[1]))
      }
    }
    return tenants
  }

  /**
   * The logged-in user behind a subscription, when the request is on
   * that tenant's host and the stream is theirs; otherwise null.
   * Public so that plugins authorise their own per-user channels
   * with the same rule.
   */
  subscriber(ctx: HttpContext, tenantId: string): User | null {
    const user = ctx.auth?.use('web').user
    if (!ctx.tenant || !user || !user.active) return null
    if (String(ctx.tenant.id) !== tenantId || user.tenantId !== ctx.tenant.id) return null
    const uid = ctx.request.input('uid')
    if (typeof uid !== 'string' || this.#owners.get(uid) !== this.ownerKey(ctx)) return null
    return user
  }

  protected ownerKey(ctx: HttpContext) {
    const user = ctx.auth?.use('web').user
    return ctx.tenant && user ? `${ctx.tenant.id}:${user.id}` : null
  }
}

export default new LiveUpdateService()
