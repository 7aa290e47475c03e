import type { HttpContext } from '@adonisjs/core/http'
import TicketPolicy from '#policies/ticket_policy'
import ticketQuery from '#services/ticket_query_service'
import legalHolds from '#services/legal_hold_service'
import { legalHoldValidator } from '#validators/legal_hold'
import { AdminForbiddenException } from '#exceptions/admin_errors'

/**
 * A ticket's legal hold, for admins and supervisors.
 */
export default class TicketLegalHoldsController {
  /**
   * Places or releases the hold.
   */
  async update({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('view', ticket)
    if (await bouncer.denies('holdRecords')) throw new AdminForbiddenException()
    const { hold } = await request.validateUsing(legalHoldValidator)

    await legalHolds.setTicket(ticket, hold, user.id)
    session.flash('success', i18n.t(`retention.legal_hold.${hold ? 'placed' : 'released'}`))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
