import type { HttpContext } from '@adonisjs/core/http'
import TicketPolicy from '#policies/ticket_policy'
import tickets from '#services/ticket_service'
import ticketQuery from '#services/ticket_query_service'
import { statusValidator } from '#validators/ticket'

/**
 * The ticket's status: new, open, pending, solved or closed.
 */
export default class TicketStatusesController {
  /**
   * Sets the status.
   */
  async update({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('update', ticket)
    const { status } = await request.validateUsing(statusValidator)

    await tickets.change(ticket, { status }, user.id)
    session.flash('success', i18n.t('tickets.flash.status_changed'))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
