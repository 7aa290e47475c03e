import type { HttpContext } from '@adonisjs/core/http'
import TicketPolicy from '#policies/ticket_policy'
import ticketQuery from '#services/ticket_query_service'
import work from '#services/ticket_work_service'
import { assigneeValidator } from '#validators/ticket'

/**
 * Who works the ticket.
 */
export default class TicketAssignmentsController {
  /**
   * Assigns the ticket to the user, to nobody or to a colleague.
   */
  async update({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('assign', ticket)
    const { assignee } = await request.validateUsing(assigneeValidator)

    const choice = assignee === 'me' || assignee === 'none' ? assignee : Number(assignee)
    await work.assign(ticket, user, choice)
    session.flash('success', i18n.t('tickets.flash.assigned'))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
