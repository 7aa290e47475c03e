import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import reports, { formatShare, type ReportPeriod } from '../services/report_service.js'
import { reportValidator } from '../validators/policy.js'
import { requireSupervisor } from './authorize.js'

/**
 * The period asked for: valid, or the dates as typed with the reasons
 * they were refused, per field.
 */
type PeriodRequest =
  | { period: ReportPeriod; errors: null }
  | { period: { from: string; to: string }; errors: Record<string, string[]> }

/**
 * The SLA report for a period, as a table and as CSV. Admins and
 * supervisors.
 */
export default class ReportsController {
  /**
   * The table, for the chosen period (default: this month so far). A
   * bad period shows the page again with the dates as typed and the
   * reasons next to them.
   */
  async index(ctx: HttpContext) {
    requireSupervisor(ctx)
    const asked = await this.period(ctx)
    if (asked.errors) {
      ctx.response.status(422)
      return ctx.view.render('sla::pages/report/index', { ...asked, lines: [], formatShare })
    }
    const lines = await reports.lines(asked.period)
    return ctx.view.render('sla::pages/report/index', { ...asked, lines, formatShare })
  }

  /**
   * The same lines as a CSV download. A bad period leads to the report
   * page, which names the problem.
   */
  async csv(ctx: HttpContext) {
    requireSupervisor(ctx)
    const asked = await this.period(ctx)
    if (asked.errors) {
      return ctx.response.redirect().withQs(ctx.request.qs()).toRoute('sla.reports.index')
    }
    const period = asked.period
    const lines = await reports.lines(period)
    const t = (key: string) => ctx.i18n.t(key)
    const body = reports.csv(
      lines,
      {
        header: ['dimension', 'name', 'met', 'breached', 'total', 'share_met'].map((key) =>
          t(`sla.report.csv.${key}`)
        ),
        dimension: (dimension) => t(`sla.report.dimensions.${dimension}`),
        none: t('sla.report.none'),
      },
      ctx.i18n.locale
    )
    ctx.response.header('content-type', 'text/csv; charset=utf-8')
    ctx.response.header(
      'content-disposition',
      `attachment; filename="sla-${period.from}-${period.to}.csv"`
    )
    return body
  }

  /**
   * Reads the period from the query string; an empty date means the
   * default (the start of this month, today).
   */
  protected async period(ctx: HttpContext): Promise<PeriodRequest> {
    const zone = ctx.tenant!.timeZone || 'UTC'
    const qs = ctx.request.qs()
    const typed = {
      from: typeof qs.from === 'string' ? qs.from.trim() : '',
      to: typeof qs.to === 'string' ? qs.to.trim() : '',
    }
    const [error, input] = await reportValidator.tryValidate(
      { from: typed.from || undefined, to: typed.to || undefined },
      { messagesProvider: ctx.i18n.createMessagesProvider('sla.report.validation') }
    )
    if (error) {
      const errors: Record<string, string[]> = {}
      for (const message of error.messages as { field: string; message: string }[]) {
        ;(errors[message.field] ??= []).push(message.message)
      }
      return { period: typed, errors }
    }
    const today = DateTime.now().setZone(zone)
    const day = (value: Date | undefined, fallback: DateTime) =>
      value ? DateTime.fromJSDate(value).toFormat('yyyy-LL-dd') : fallback.toFormat('yyyy-LL-dd')
    return {
      period: { from: day(input.from, today.startOf('month')), to: day(input.to, today), zone },
      errors: null,
    }
  }
}
