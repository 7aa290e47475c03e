import type { HttpContext } from '@adonisjs/core/http'
import Contact from '#models/contact'
import requests from '#services/privacy/privacy_request_service'
import { privacyRequestValidator, subjectSearchValidator } from '#validators/privacy'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * Data-subject requests: find the person, then export their data or
 * anonymise them, after a confirmation step.
 */
export default class PrivacyRequestsController {
  /**
   * Search for a person and list the latest requests with their
   * status; expired bundles are removed first.
   */
  async index({ bouncer, request, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'managePrivacy')
    const { q } = await subjectSearchValidator.validate(request.qs())
    await requests.expireBundles()
    const matches = q ? await requests.search(q) : null
    const latest = await requests.latest()
    return view.render('pages/admin/privacy/requests', { q, matches, latest })
  }

  /**
   * The confirmation step for one contact and kind of request.
   */
  async create({ bouncer, request, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'managePrivacy')
    const { contact_id: contactId, kind } = await privacyRequestValidator.validate(request.qs())
    const contact = await Contact.query().where('id', contactId).preload('identities').firstOrFail()
    const [match] = await requests.search(`#${contact.id}`)
    return view.render('pages/admin/privacy/confirm', { contact, kind, tickets: match.tickets })
  }

  /**
   * Queue the confirmed request.
   */
  async store({ bouncer, request, response, session, i18n, auth }: HttpContext) {
    await authorizeAdmin(bouncer, 'managePrivacy')
    const data = await request.validateUsing(privacyRequestValidator)
    if (!data.confirm) {
      session.flash('error', i18n.t('privacy.requests.confirm_required'))
      return response.redirect().back()
    }
    const user = auth.use('web').getUserOrFail()
    const created = await requests.request(data.kind, data.contact_id, user.id)

    session.flash('success', i18n.t(`privacy.requests.queued_${data.kind}`, { id: created.id }))
    return response.redirect().toRoute('admin.privacy_requests.index')
  }
}
