import type { HttpContext } from '@adonisjs/core/http'
import dpa from '#services/privacy/dpa_service'
import { dpaValidator } from '#validators/privacy'
import { platformTimeZone } from '#config/app'

/**
 * The operator's data-processing agreement in the platform console.
 */
export default class DataProcessingAgreementController {
  /**
   * Show the agreement text in an editable form.
   */
  async edit({ view }: HttpContext) {
    return view.render('pages/platform/dpa/edit', {
      agreement: await dpa.current(),
      zone: platformTimeZone,
    })
  }

  /**
   * Save a new text; every tenant's admins see it at once.
   */
  async update({ request, response, session, i18n, auth }: HttpContext) {
    const { text } = await request.validateUsing(dpaValidator)
    await dpa.update(text, auth.use('operator').user!.id)

    session.flash('success', i18n.t('platform.dpa.saved'))
    return response.redirect().toRoute('platform.dpa.edit')
  }
}
