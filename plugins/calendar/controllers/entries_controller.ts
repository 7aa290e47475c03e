import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@adonisjs/lucid'
import Contact from '#models/contact'
import Ticket from '#models/ticket'
import TicketPolicy from '#policies/ticket_policy'
import CalendarEntry from '../models/calendar_entry.js'
import agenda from '../services/agenda_service.js'
import { entryTimeProblems, entryValidator, refuseFields } from '../validators/entry.js'

/**
 * Creating and deleting the agent's own entries.
 */
export default class EntriesController {
  /**
   * Add an appointment, call-back or reminder, linked to a ticket (and
   * its contact) or to a contact. Times in the wrong order or missing
   * from the tenant zone, and a ticket the agent cannot see, go back to
   * the form as field errors; another tenant's contact is 404.
   */
  async store(ctx: HttpContext) {
    const user = ctx.auth.use('web').user!
    const data = await ctx.request.validateUsing(entryValidator)
    const zone = ctx.tenant!.timeZone || 'Europe/Stockholm'
    const { problems, startsAt, endsAt, remindAt } = entryTimeProblems(data, zone)
    const ticket = data.ticket_number
      ? await Ticket.query().where('number', data.ticket_number).first()
      : null
    if (
      data.ticket_number &&
      (!ticket || !(await ctx.bouncer.with(TicketPolicy).allows('view', ticket)))
    ) {
      problems.push({
        field: 'ticket_number',
        rule: 'exists',
        key: 'calendar.agenda.errors.no_ticket',
        params: { number: String(data.ticket_number) },
      })
    }
    if (problems.length) throw refuseFields(problems, (key, params) => ctx.i18n.t(key, params))
    const contact = data.contact_id ? await Contact.find(data.contact_id) : null
    if (data.contact_id && !contact) throw new errors.E_ROW_NOT_FOUND()
    await agenda.create(user, {
      kind: data.kind,
      title: data.title,
      notes: data.notes,
      startsAt: startsAt!,
      endsAt,
      remindAt,
      ticket,
      contactId: contact?.id ?? null,
    })
    ctx.session.flash('success', ctx.i18n.t('calendar.agenda.created'))
    if (data.back === 'ticket' && ticket) {
      return ctx.response.redirect().toRoute('tickets.show', { number: ticket.number })
    }
    if (data.back === 'contact' && contact) {
      return ctx.response.redirect().toRoute('contacts.show', { id: contact.id })
    }
    return ctx.response.redirect().toRoute('calendar.agenda.index')
  }

  /**
   * Delete one of the agent's own entries; others' entries are 404.
   */
  async destroy(ctx: HttpContext) {
    const user = ctx.auth.use('web').user!
    const entry = await CalendarEntry.query()
      .where('id', ctx.params.id)
      .where('user_id', user.id)
      .firstOrFail()
    await entry.delete()
    ctx.session.flash('success', ctx.i18n.t('calendar.agenda.deleted'))
    return ctx.response.redirect().toRoute('calendar.agenda.index')
  }
}
