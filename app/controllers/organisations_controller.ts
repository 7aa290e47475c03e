import type { HttpContext } from '@adonisjs/core/http'
import Organisation from '#models/organisation'
import crm from '#services/crm_service'
import { organisationValidator } from '#validators/organisation'
import { searchParams } from '#validators/search'

/**
 * CRM organisations (companies) and their contacts.
 */
export default class OrganisationsController {
  /**
   * Organisations matching a name or domain.
   */
  async index({ request, view }: HttpContext) {
    const { q, page } = searchParams(request.qs())
    const organisations = await crm.searchOrganisations(q, page)
    organisations.baseUrl(request.url())
    organisations.queryString(q ? { q } : {})
    return view.render('pages/organisations/index', { organisations, q })
  }

  /**
   * One organisation with its contacts.
   */
  async show({ params, view }: HttpContext) {
    const organisation = await Organisation.query()
      .where('id', params.id)
      .preload('contacts', (contacts) =>
        contacts.preload('identities').orderBy('name', 'asc').orderBy('id', 'asc')
      )
      .firstOrFail()
    return view.render('pages/organisations/show', { organisation })
  }

  /**
   * The form for a new organisation.
   */
  async create({ view }: HttpContext) {
    return view.render('pages/organisations/form', { organisation: null })
  }

  /**
   * Creates the organisation.
   */
  async store({ request, response, session, i18n }: HttpContext) {
    const fields = await request.validateUsing(organisationValidator)
    const organisation = await crm.saveOrganisation(null, fields)
    session.flash('success', i18n.t('contacts.flash.organisation_created'))
    return response.redirect().toRoute('organisations.show', { id: organisation.id })
  }

  /**
   * The form to edit an organisation.
   */
  async edit({ params, view }: HttpContext) {
    const organisation = await Organisation.query().where('id', params.id).firstOrFail()
    return view.render('pages/organisations/form', { organisation })
  }

  /**
   * Saves the organisation.
   */
  async update({ params, request, response, session, i18n }: HttpContext) {
    const organisation = await Organisation.query().where('id', params.id).firstOrFail()
    const fields = await request.validateUsing(organisationValidator)
    await crm.saveOrganisation(organisation, fields)
    session.flash('success', i18n.t('contacts.flash.organisation_updated'))
    return response.redirect().toRoute('organisations.show', { id: organisation.id })
  }
}
