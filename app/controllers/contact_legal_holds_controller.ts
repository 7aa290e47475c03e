import type { HttpContext } from '@adonisjs/core/http'
import Contact from '#models/contact'
import legalHolds from '#services/legal_hold_service'
import { legalHoldValidator } from '#validators/legal_hold'
import { AdminForbiddenException } from '#exceptions/admin_errors'

/**
 * A contact's legal hold, for admins and supervisors. It covers the
 * contact's tickets too.
 */
export default class ContactLegalHoldsController {
  /**
   * Places or releases the hold.
   */
  async update({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const user = auth.use('web').getUserOrFail()
    const contact = await Contact.findOrFail(params.id)
    if (await bouncer.denies('holdRecords')) throw new AdminForbiddenException()
    const { hold } = await request.validateUsing(legalHoldValidator)

    await legalHolds.setContact(contact, hold, user.id)
    session.flash('success', i18n.t(`retention.legal_hold.${hold ? 'placed' : 'released'}`))
    return response.redirect().toRoute('contacts.show', { id: contact.id })
  }
}
