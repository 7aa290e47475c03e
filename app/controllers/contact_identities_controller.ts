import type { HttpContext } from '@adonisjs/core/http'
import Contact from '#models/contact'
import crm from '#services/crm_service'
import { identityValidator } from '#validators/contact'

/**
 * The email addresses and phone numbers a contact is reached by.
 */
export default class ContactIdentitiesController {
  /**
   * Adds an email address or phone number; one already in use by
   * another contact is refused with a field error.
   */
  async store({ params, request, response, session, i18n }: HttpContext) {
    const contact = await Contact.query().where('id', params.id).firstOrFail()
    const { email, phone } = await request.validateUsing(identityValidator)
    if (email) await crm.addIdentity(contact, 'email', email)
    if (phone) await crm.addIdentity(contact, 'phone', phone)
    const type = phone && !email ? 'phone' : 'email'
    session.flash('success', i18n.t('contacts.flash.identity_added', { type }))
    return response.redirect().toRoute('contacts.edit', { id: contact.id })
  }

  /**
   * Removes an identity from the contact.
   */
  async destroy({ params, response, session, i18n }: HttpContext) {
    const contact = await Contact.query().where('id', params.id).firstOrFail()
    await crm.removeIdentity(contact, Number(params.identityId))
    session.flash('success', i18n.t('contacts.flash.identity_removed'))
    return response.redirect().toRoute('contacts.edit', { id: contact.id })
  }
}
