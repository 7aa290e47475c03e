import type { HttpContext } from '@adonisjs/core/http'
import AnsweringPoint from '#models/answering_point'
import RetentionRun from '#models/retention_run'
import retentionPolicy, { fromIso } from '#services/retention/retention_policy'
import retention from '#services/retention/retention_service'
import { describePeriod } from '#services/retention/period_format'
import { pointRetentionValidator } from '#validators/retention'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * The tenant admin's retention page: the platform's periods, the
 * tenant's shorter periods per answering point, pending records about
 * to expire and the latest runs.
 */
export default class RetentionController {
  /**
   * Show the periods, warnings and runs.
   */
  async index({ bouncer, view, i18n }: HttpContext) {
    await authorizeAdmin(bouncer, 'managePrivacy')
    const [classes, points, runs, warnings] = await Promise.all([
      retentionPolicy.classes(),
      AnsweringPoint.query().orderBy('name', 'asc'),
      RetentionRun.query().orderBy('id', 'desc').limit(10),
      retention.pendingWarnings(),
    ])
    const rows = classes.map((item) => ({
      ...item,
      periodText: item.period ? describePeriod(item.period, i18n.locale) : null,
      forms: Object.fromEntries(
        Object.entries(item.points).map(([point, period]) => [point, fromIso(period)])
      ),
    }))
    return view.render('pages/admin/retention/index', {
      rows,
      adjustable: rows.filter((row) => row.active),
      points,
      runs,
      warnings,
    })
  }

  /**
   * Save one answering point's periods. A period longer than the
   * platform's is refused (E_RETENTION_LONGER) and nothing is saved.
   */
  async update({ params, request, auth, bouncer, response, session, i18n }: HttpContext) {
    const point = await AnsweringPoint.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'managePrivacy')
    const user = auth.use('web').getUserOrFail()
    const { periods } = await request.validateUsing(pointRetentionValidator)

    await retentionPolicy.setMany(point.id, periods, user.id)
    session.flash('success', i18n.t('retention.flash.saved', { point: point.name }))
    return response.redirect().toRoute('admin.retention.index')
  }
}
