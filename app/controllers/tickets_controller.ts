import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import AnsweringPoint from '#models/answering_point'
import Contact from '#models/contact'
import Message from '#models/message'
import { TICKET_PRIORITIES, TICKET_STATUSES } from '#models/ticket'
import User from '#models/user'
import TicketPolicy from '#policies/ticket_policy'
import { Contributions } from '#plugin_host/contributions'
import liveUpdates from '#services/live_update_service'
import messageBodies, { normaliseContentId } from '#services/message_body_service'
import modules from '#services/module_service'
import replies from '#services/reply_service'
import history from '#services/ticket_history_service'
import ticketQuery from '#services/ticket_query_service'
import { TicketListPresenter } from '#services/ticket_list_presenter'
import visibility from '#services/ticket_visibility_service'
import work from '#services/ticket_work_service'
import { newTicketValidator } from '#validators/ticket'

/**
 * The agent's ticket list, ticket page and the form to open a ticket
 * by hand.
 */
export default class TicketsController {
  /**
   * The list: the user's visible tickets, filtered and paged by last
   * activity.
   */
  async index({ request, auth, view, tenant, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const filters = ticketQuery.parseFilters(request.qs())

    /* The page, and the names for its rows and the filter menus, are
       independent reads: on a server database they travel at once. */
    const [page, allPoints, visibleIds, users, enabled] = await Promise.all([
      ticketQuery.page(user, filters),
      AnsweringPoint.query().orderBy('name', 'asc'),
      visibility.pointIdsFor(user),
      User.query().where('active', true).orderBy('full_name', 'asc'),
      modules.enabledFor(tenant!.id),
    ])
    const pointNames = new Map(allPoints.map((point) => [point.id, point.name]))
    const userNames = new Map(users.map((member) => [member.id, member.fullName]))
    const labels = TicketListPresenter.for(i18n, tenant!.timeZone)

    /* Plugin columns and badges, each rendered in isolation. */
    const contributions = new Contributions(await app.container.make('plugins'))
    const columns = contributions.list('ticketListColumns', enabled)
    const badges = contributions.list('ticketBadges', enabled)
    const columnData = await contributions.prepare(columns, page.tickets, tenant!.id)
    const badgeData = await contributions.prepare(badges, page.tickets, tenant!.id)
    const rows = []
    for (const ticket of page.tickets) {
      rows.push({
        ticket,
        contactName: ticket.contactName,
        pointName: ticket.answeringPointId ? pointNames.get(ticket.answeringPointId) : null,
        assigneeName: ticket.assigneeId ? userNames.get(ticket.assigneeId) : null,
        activity: labels.date(ticket.lastActivityAt),
        columns: await contributions.renderAll(
          view,
          columns,
          { ticket, place: 'list' },
          columnData
        ),
        badges: await contributions.renderAll(view, badges, { ticket, place: 'list' }, badgeData),
      })
    }

    const { older: _older, newer: _newer, ...kept } = request.qs()
    const pageUrl = (cursor: Record<string, string>) =>
      urlFor('tickets.index', {}, { qs: { ...kept, ...cursor } })

    return view.render('pages/tickets/index', {
      filters,
      rows,
      page,
      columns,
      points: allPoints.filter((point) => !visibleIds || visibleIds.includes(point.id)),
      users,
      labels,
      statuses: TICKET_STATUSES,
      olderUrl: page.older ? pageUrl({ older: page.older }) : null,
      newerUrl: page.newer ? pageUrl({ newer: page.newer }) : null,
      firstUrl: filters.cursor ? pageUrl({}) : null,
      channels: await liveUpdates.channelsFor(user),
    })
  }

  /**
   * The ticket page: thread, properties, history and plugin panels.
   */
  async show({ params, auth, bouncer, view, i18n, tenant }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const ticket = await ticketQuery.findByNumber(params.number)
    await bouncer.with(TicketPolicy).authorize('view', ticket)

    await ticket.load((loader) => {
      loader
        .load('contact', (contact) => contact.preload('identities').preload('organisation'))
        .load('answeringPoint')
        .load('assignee')
        .load('tags', (tags) => tags.orderBy('name', 'asc'))
    })

    const messages = await Message.query()
      .where('ticket_id', ticket.id)
      .preload('author')
      .preload('attachments', (files) => files.orderBy('id', 'asc'))
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
    const thread = messages.map((message) => {
      const inline = new Map(
        message.attachments
          .filter((file) => file.contentId)
          .map((file) => [
            normaliseContentId(file.contentId!),
            urlFor('attachments.show', { id: file.id }),
          ])
      )
      return {
        message,
        html: message.bodyHtml ? messageBodies.html(message.bodyHtml, inline) : null,
      }
    })

    const [points, assignable, users] = await Promise.all([
      AnsweringPoint.query().orderBy('name', 'asc'),
      work.assignableUsers(ticket),
      User.query().orderBy('full_name', 'asc'),
    ])
    const lookups = {
      users: new Map(users.map((member) => [member.id, member.fullName])),
      points: new Map(points.map((point) => [point.id, point.name])),
    }

    const contributions = new Contributions(await app.container.make('plugins'))
    const enabled = await modules.enabledFor(tenant!.id)
    const state = { ticket, contact: ticket.contact, place: 'page' }
    const panelList = contributions.list('ticketPanels', enabled)
    const panels = await contributions.renderAll(
      view,
      panelList,
      state,
      await contributions.prepare(panelList, [ticket], tenant!.id)
    )
    const badgeList = contributions.list('ticketBadges', enabled)
    const badges = await contributions.renderAll(
      view,
      badgeList,
      state,
      await contributions.prepare(badgeList, [ticket], tenant!.id)
    )

    return view.render('pages/tickets/show', {
      ticket,
      thread,
      history: await history.lines(ticket, i18n, lookups),
      assignable,
      replyChannel: await replies.availableChannel(ticket),
      statuses: TICKET_STATUSES,
      priorities: TICKET_PRIORITIES,
      panels,
      badges,
      currentUser: user,
      canHold: await bouncer.allows('holdRecords'),
    })
  }

  /**
   * The form to open a ticket by hand, optionally for a given contact.
   */
  async create({ request, auth, view }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const contactId = Number(request.qs().contact)
    const contact = Number.isInteger(contactId)
      ? await Contact.query().where('id', contactId).preload('identities').first()
      : null
    return view.render('pages/tickets/create', {
      contact,
      points: await work.pointsFor(user),
      priorities: TICKET_PRIORITIES,
    })
  }

  /**
   * Opens the ticket and shows it.
   */
  async store({ request, auth, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const input = await request.validateUsing(newTicketValidator)
    const ticket = await work.open(
      {
        subject: input.subject,
        body: input.body ?? null,
        answeringPointId: input.answeringPointId ?? null,
        priority: input.priority,
        assignToMe: input.assignToMe ?? false,
        contactId: input.contactId ?? null,
        contactName: input.contactName ?? null,
        contactEmail: input.contactEmail ?? null,
        contactPhone: input.contactPhone ?? null,
      },
      user
    )
    session.flash('success', i18n.t('tickets.flash.created', { number: ticket.number }))
    return response.redirect().toRoute('tickets.show', { number: ticket.number })
  }
}
