import type { HttpContext } from '@adonisjs/core/http'
import TicketPolicy from '#policies/ticket_policy'
import replies from '#services/reply_service'
import ticketQuery from '#services/ticket_query_service'
import { noteValidator } from '#validators/ticket'

/**
 * Internal notes: seen by the tenant's users, never sent.
 */
export default class TicketNotesController {
  /**
   * Adds the note to the thread.
   */
  async store({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('update', ticket)
    const input = await request.validateUsing(noteValidator)

    await replies.note(ticket, user, { body: input.body, files: input.attachments ?? [] })
    session.flash('success', i18n.t('tickets.flash.note_added'))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
