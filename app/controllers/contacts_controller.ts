import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import Contact from '#models/contact'
import Organisation from '#models/organisation'
import Ticket from '#models/ticket'
import { Contributions } from '#plugin_host/contributions'
import crm from '#services/crm_service'
import modules from '#services/module_service'
import visibility from '#services/ticket_visibility_service'
import { createContactValidator, updateContactValidator } from '#validators/contact'
import { searchParams } from '#validators/search'

/**
 * CRM contacts: search, the contact page with their tickets, and
 * creating and editing.
 */
export default class ContactsController {
  /**
   * Contacts matching a name, email address or phone number.
   */
  async index({ request, view }: HttpContext) {
    const { q, page } = searchParams(request.qs())
    const contacts = await crm.searchContacts(q, page)
    contacts.baseUrl(request.url())
    contacts.queryString(q ? { q } : {})
    return view.render('pages/contacts/index', { contacts, q })
  }

  /**
   * One contact: identities, organisation, the tickets the user may
   * see, and plugin panels.
   */
  async show({ params, auth, bouncer, view, tenant }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const contact = await Contact.query()
      .where('id', params.id)
      .preload('identities', (identities) => identities.orderBy('type').orderBy('id'))
      .preload('organisation')
      .firstOrFail()

    const tickets = await visibility
      .visibleTickets(user, Ticket.query())
      .where('tickets.contact_id', contact.id)
      .orderBy('tickets.last_activity_at', 'desc')
      .orderBy('tickets.id', 'desc')
      .limit(100)

    const contributions = new Contributions(await app.container.make('plugins'))
    const enabled = await modules.enabledFor(tenant!.id)
    const panels = await contributions.renderAll(
      view,
      contributions.list('contactPanels', enabled),
      { contact }
    )
    const canHold = await bouncer.allows('holdRecords')
    return view.render('pages/contacts/show', { contact, tickets, panels, canHold })
  }

  /**
   * The form for a new contact.
   */
  async create({ request, view }: HttpContext) {
    const organisationId = Number(request.qs().organisation) || null
    return view.render('pages/contacts/form', {
      contact: null,
      organisationId,
      organisations: await Organisation.query().orderBy('name', 'asc'),
    })
  }

  /**
   * Creates the contact with its first email address and phone.
   */
  async store({ request, response, session, i18n }: HttpContext) {
    const { email, phone, ...fields } = await request.validateUsing(createContactValidator)
    const contact = await crm.createContact(fields, email, phone)
    session.flash('success', i18n.t('contacts.flash.created'))
    return response.redirect().toRoute('contacts.show', { id: contact.id })
  }

  /**
   * The form to edit a contact.
   */
  async edit({ params, view }: HttpContext) {
    const contact = await Contact.query()
      .where('id', params.id)
      .preload('identities', (identities) => identities.orderBy('type').orderBy('id'))
      .firstOrFail()
    return view.render('pages/contacts/form', {
      contact,
      organisationId: contact.organisationId,
      organisations: await Organisation.query().orderBy('name', 'asc'),
    })
  }

  /**
   * Saves the contact's fields.
   */
  async update({ params, request, response, session, i18n }: HttpContext) {
    const contact = await Contact.query().where('id', params.id).firstOrFail()
    const fields = await request.validateUsing(updateContactValidator)
    await crm.updateContact(contact, fields)
    session.flash('success', i18n.t('contacts.flash.updated'))
    return response.redirect().toRoute('contacts.show', { id: contact.id })
  }
}
