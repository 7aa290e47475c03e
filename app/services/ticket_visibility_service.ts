import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/tenant'
import type Ticket from '#models/ticket'
import type User from '#models/user'

type TicketQuery = ModelQueryBuilderContract<typeof Ticket, any>

/**
 * Which tickets a user may see. Admins see every ticket of their
 * tenant. Supervisors and agents see the tickets of the answering
 * points they belong to, tickets without an answering point and
 * tickets assigned to them; when the tenant sets
 * `agents_see_all_points` they see every ticket.
 */
export class TicketVisibilityService {
  /* A user row lives for one request, so its point ids can too. */
  #pointIds = new WeakMap<User, Promise<number[] | null>>()

  /**
   * Restricts a Ticket query to the tickets the user may see. The
   * checks are subqueries, so the call is synchronous and composes
   * with any other filter or pagination.
   */
  visibleTickets<Query extends TicketQuery>(user: User, query: Query): Query {
    if (user.role === 'admin') return query

    query.where((visible) => {
      visible
        .whereIn('tickets.answering_point_id', (member) => {
          member
            .from('answering_point_users')
            .select('answering_point_id')
            .where('tenant_id', user.tenantId)
            .where('user_id', user.id)
        })
        .orWhereNull('tickets.answering_point_id')
        .orWhere('tickets.assignee_id', user.id)
        .orWhereExists((open) => {
          open
            .from('tenants')
            .select('id')
            .where('id', user.tenantId)
            .where('agents_see_all_points', true)
        })
    })
    return query
  }

  /**
   * Ids of the answering points whose tickets the user may see, or
   * null when the user sees all of them (admins, and everyone when
   * the tenant lets agents see all points). For filter menus.
   */
  async pointIdsFor(user: User, client?: QueryClientContract): Promise<number[] | null> {
    if (user.role === 'admin') return null
    if (client) return this.#loadPointIds(user, client)

    let pending = this.#pointIds.get(user)
    if (!pending) {
      pending = this.#loadPointIds(user)
      this.#pointIds.set(user, pending)
    }
    return pending
  }

  async #loadPointIds(user: User, client?: QueryClientContract) {
    if (await this.seesAllPoints(user, client)) return null

    const rows = await (client ?? db)
      .from('answering_point_users')
      .select('answering_point_id')
      .where('tenant_id', user.tenantId)
      .where('user_id', user.id)
    return rows.map((row) => Number(row.answering_point_id))
  }

  /**
   * Whether the user may see this one ticket. Same rules as
   * `visibleTickets`.
   */
  async canSee(user: User, ticket: Ticket): Promise<boolean> {
    if (ticket.tenantId !== user.tenantId) return false
    if (user.role === 'admin') return true
    if (ticket.answeringPointId === null) return true
    if (ticket.assigneeId === user.id) return true

    const points = await this.pointIdsFor(user)
    return points === null || points.includes(ticket.answeringPointId)
  }

  /**
   * Whether the user's tenant lets every user see every point.
   */
  protected async seesAllPoints(user: User, client?: QueryClientContract) {
    const tenant = await Tenant.query({ client }).where('id', user.tenantId).first()
    return tenant?.agentsSeeAllPoints === true
  }
}

export default new TicketVisibilityService()
