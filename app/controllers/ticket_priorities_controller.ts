import type { HttpContext } from '@adonisjs/core/http'
import TicketPolicy from '#policies/ticket_policy'
import tickets from '#services/ticket_service'
import ticketQuery from '#services/ticket_query_service'
import { priorityValidator } from '#validators/ticket'

/**
 * The ticket's priority: low, normal, high or urgent.
 */
export default class TicketPrioritiesController {
  /**
   * Sets the priority.
   */
  async update({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('update', ticket)
    const { priority } = await request.validateUsing(priorityValidator)

    await tickets.change(ticket, { priority }, user.id)
    session.flash('success', i18n.t('tickets.flash.priority_changed'))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
