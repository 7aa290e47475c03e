import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import reports, { type ReportPeriod } from '../services/report_service.js'
import { reportValidator } from '../validators/policy.js'
import { requireSupervisor } from './authorize.js'

/**
 * The SLA report for a period, as a table and as CSV. Admins and
 * supervisors.
 */
export default class ReportsController {
  /**
   * The table, for the chosen period (default: this month so far).
   */
  async index(ctx: HttpContext) {
    requireSupervisor(ctx)
    const period = await this.period(ctx)
    const lines = await reports.lines(period)
    return ctx.view.render('sla::pages/report/index', { period, lines })
  }

  /**
   * The same lines as a CSV download.
   */
  async csv(ctx: HttpContext) {
    requireSupervisor(ctx)
    const period = await this.period(ctx)
    const lines = await reports.lines(period)
    const t = (key: string) => ctx.i18n.t(key)
    const body = reports.csv(lines, {
      header: ['dimension', 'name', 'met', 'breached', 'total', 'share_met'].map((key) =>
        t(`sla.report.csv.${key}`)
      ),
      dimension: (dimension) => t(`sla.report.dimensions.${dimension}`),
      none: t('sla.report.none'),
    })
    ctx.response.header('content-type', 'text/csv; charset=utf-8')
    ctx.response.header(
      'content-disposition',
      `attachment; filename="sla-${period.from}-${period.to}.csv"`
    )
    return body
  }

  protected async period(ctx: HttpContext): Promise<ReportPeriod> {
    const zone = ctx.tenant!.timeZone || 'UTC'
    const input = await reportValidator.validate(ctx.request.qs())
    const today = DateTime.now().setZone(zone)
    const day = (value: Date | undefined, fallback: DateTime) =>
      value ? DateTime.fromJSDate(value).toFormat('yyyy-LL-dd') : fallback.toFormat('yyyy-LL-dd')
    return {
      from: day(input.from, today.startOf('month')),
      to: day(input.to, today),
      zone,
    }
  }
}
