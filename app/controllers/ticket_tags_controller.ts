import type { HttpContext } from '@adonisjs/core/http'
import Tag from '#models/tag'
import TicketPolicy from '#policies/ticket_policy'
import ticketQuery from '#services/ticket_query_service'
import work from '#services/ticket_work_service'
import { tagValidator } from '#validators/ticket'

/**
 * Free labels on a ticket.
 */
export default class TicketTagsController {
  /**
   * Adds a tag by name.
   */
  async store({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('update', ticket)
    const { name } = await request.validateUsing(tagValidator)

    await work.addTag(ticket, name, user)
    session.flash('success', i18n.t('tickets.flash.tag_added'))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }

  /**
   * Removes a tag from the ticket.
   */
  async destroy({ params, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('update', ticket)
    const tag = await Tag.query().where('id', params.tagId).firstOrFail()

    await work.removeTag(ticket, tag, user)
    session.flash('success', i18n.t('tickets.flash.tag_removed'))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
