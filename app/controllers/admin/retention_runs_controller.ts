import type { HttpContext } from '@adonisjs/core/http'
import RetentionRun from '#models/retention_run'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * One retention run's report: records archived, deleted and
 * anonymised per class.
 */
export default class RetentionRunsController {
  /**
   * Show the report.
   */
  async show({ params, bouncer, view }: HttpContext) {
    const run = await RetentionRun.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'managePrivacy')
    const classes = Object.entries(run.report?.classes ?? {}).map(([id, counts]) => ({
      id,
      counts,
    }))
    return view.render('pages/admin/retention/run', { run, classes })
  }
}
