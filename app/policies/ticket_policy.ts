import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Ticket from '#models/ticket'
import type User from '#models/user'
import visibility from '#services/ticket_visibility_service'

/**
 * Who may read and work a ticket. Reading and working go together:
 * whoever sees a ticket may reply, add notes and change it. Callers
 * load the ticket through the tenant scope first, so another
 * tenant's ticket is already a 404 before this runs.
 */
export default class TicketPolicy extends BasePolicy {
  /**
   * Open the ticket page.
   */
  async view(user: User, ticket: Ticket): Promise<AuthorizerResponse> {
    return visibility.canSee(user, ticket)
  }

  /**
   * Reply, add a note, change status, priority or tags.
   */
  async update(user: User, ticket: Ticket): Promise<AuthorizerResponse> {
    return user.active !== false && (await visibility.canSee(user, ticket))
  }

  /**
   * Assign the ticket to someone, or move it to another answering
   * point. Admins and supervisors may; agents only on tickets they
   * can see (to take them or pass them on).
   */
  async assign(user: User, ticket: Ticket): Promise<AuthorizerResponse> {
    return this.update(user, ticket)
  }
}
