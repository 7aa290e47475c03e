import type { HttpContext } from '@adonisjs/core/http'
import TicketPolicy from '#policies/ticket_policy'
import replies from '#services/reply_service'
import ticketQuery from '#services/ticket_query_service'
import { replyValidator } from '#validators/ticket'

/**
 * Replies to the ticket's contact through the ticket's channel.
 */
export default class TicketRepliesController {
  /**
   * Queues the reply and sets the chosen status.
   */
  async store({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('update', ticket)
    const input = await request.validateUsing(replyValidator)

    await replies.reply(ticket, user, {
      body: input.body,
      status: input.status ?? undefined,
      files: input.attachments ?? [],
    })
    session.flash('success', i18n.t('tickets.flash.reply_queued'))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
