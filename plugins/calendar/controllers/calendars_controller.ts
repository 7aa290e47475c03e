import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import AnsweringPoint from '#models/answering_point'
import Calendar from '../models/calendar.js'
import calendars from '../services/calendar_service.js'
import editor from '../services/calendar_editor.js'
import { DeviationPresenter } from '../services/deviation_presenter.js'
import { openRanges } from '../services/schedule.js'
import { InvalidScheduleException } from '../errors.js'
import { scheduleProblem } from '../services/field_labels.js'
import { calendarValidator, checkValidator } from '../validators/calendar.js'
import { requireAdmin } from './authorize.js'

/**
 * Opening-hours calendars: the tenant's base calendar and the
 * answering points' own. Admins only.
 */
export default class CalendarsController {
  /**
   * List the base calendar and every answering point with the calendar
   * it uses.
   */
  async index(ctx: HttpContext) {
    requireAdmin(ctx)
    const base = await calendars.baseCalendar()
    const points = await AnsweringPoint.query().orderBy('name', 'asc')
    const own = await Calendar.query().whereNotNull('answering_point_id')
    const byPoint = new Map(own.map((c) => [c.answeringPointId, c]))
    const baseView = await editor.view(base)
    const rows = points.map((point) => ({ point, calendar: byPoint.get(point.id) ?? null }))
    return ctx.view.render('calendar::pages/calendars/index', {
      base,
      baseZone: baseView.zone,
      rows,
    })
  }

  /**
   * Give an answering point its own calendar, inheriting the base
   * holidays and deviations.
   */
  async store(ctx: HttpContext) {
    const point = await AnsweringPoint.findOrFail(ctx.params.pointId)
    requireAdmin(ctx)
    const calendar = await calendars.createForPoint(point)
    await calendars.changed(calendar.tenantId)
    ctx.session.flash('success', ctx.i18n.t('calendar.calendars.created', { name: point.name }))
    return ctx.response.redirect().toRoute('calendar.calendars.edit', { id: calendar.id })
  }

  /**
   * Edit the week, holidays and deviations; answer "is it open at"
   * when the form asks, saying when the asked time does not exist.
   */
  async edit(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    if (!calendar.isBase) await calendar.load('answeringPoint')
    const view = await editor.view(calendar)
    /* A malformed time (a hand-edited address) is answered on the
       page, as typed, rather than sent elsewhere. */
    const [refused, query] = await checkValidator.tryValidate(ctx.request.qs())
    const typed = String(ctx.request.qs().at ?? '').slice(0, 40)
    const at = refused ? null : query.at
    const now = DateTime.now().setZone(view.zone)
    let check = null
    let checkInvalid = refused !== null
    const instant = at ? DateTime.fromISO(at, { zone: view.zone }) : null
    if (instant && !instant.isValid) checkInvalid = true
    else if (at && instant) {
      const decision = view.schedule.isOpen(instant)
      /* A clock time skipped when the clocks go forward is read as the
         time after the gap; the page says so. */
      const shifted = instant.toFormat("yyyy-MM-dd'T'HH:mm") !== at
      check = {
        at: instant,
        skipped: shifted ? at.replace('T', ' ') : null,
        decision,
        next: decision.open
          ? view.schedule.nextClosing(instant)
          : view.schedule.nextOpening(instant),
      }
    }
    return ctx.view.render('calendar::pages/calendars/edit', {
      ...view,
      holidayYears: editor.holidayList(view.definition, now),
      inheritedDeviations: calendar.inherit && view.base ? view.base.data.deviations : [],
      describe: new DeviationPresenter(ctx.i18n),
      check,
      checkInvalid,
      checkAt: at ?? (typed || now.toFormat("yyyy-MM-dd'T'HH:mm")),
      month: now.toFormat('yyyy-MM'),
    })
  }

  /**
   * Save the week, holiday switches, time zone and inheritance. A week
   * that does not make a schedule is refused with the reason.
   */
  async update(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const data = await ctx.request.validateUsing(calendarValidator)
    const inherit = calendar.isBase ? false : !!data.inherit
    try {
      const week: Record<number, Array<[string, string]>> = {}
      for (let day = 1; day <= 7; day++) {
        const rows = data.week?.[`d${day}` as 'd1']
        week[day] = editor.intervals(rows, `week.${day}`)
      }
      await editor.save(
        calendar,
        {
          ...calendar.data,
          week,
          holidays: inherit ? calendar.data.holidays : editor.holidays(data.holidays),
        },
        { timeZone: data.time_zone || null, inherit }
      )
    } catch (error) {
      if (!(error instanceof InvalidScheduleException)) throw error
      ctx.session.flashAll()
      ctx.session.flash(
        'error',
        scheduleProblem((k, v) => ctx.i18n.t(k, v), error)
      )
      return ctx.response.redirect().back()
    }
    ctx.session.flash('success', ctx.i18n.t('calendar.calendars.saved'))
    return ctx.response.redirect().toRoute('calendar.calendars.edit', { id: calendar.id })
  }

  /**
   * Remove an answering point's own calendar; the point falls back to
   * the base calendar. The base calendar stays.
   */
  async destroy(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    if (calendar.isBase) {
      ctx.session.flash('error', ctx.i18n.t('calendar.calendars.base_stays'))
      return ctx.response.redirect().toRoute('calendar.calendars.edit', { id: calendar.id })
    }
    await calendar.delete()
    await calendars.changed(calendar.tenantId)
    ctx.session.flash('success', ctx.i18n.t('calendar.calendars.deleted'))
    return ctx.response.redirect().toRoute('calendar.calendars.index')
  }

  /**
   * A month with the open hours of each day (touching pieces joined)
   * and the rules behind them.
   */
  async month(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    if (!calendar.isBase) await calendar.load('answeringPoint')
    const view = await editor.view(calendar)
    const asked = String(ctx.request.qs().month ?? '')
    let first = /^\d{4}-\d{2}$/.test(asked)
      ? DateTime.fromFormat(asked, 'yyyy-MM', { zone: view.zone })
      : DateTime.now().setZone(view.zone).startOf('month')
    /* Years the holiday rules and the picker make sense for. */
    if (!first.isValid || first.year < 1970 || first.year > 2100) {
      first = DateTime.now().setZone(view.zone).startOf('month')
    }
    const days = []
    for (let d = first; d.month === first.month; d = d.plus({ days: 1 })) {
      const plan = view.schedule.dayPlan(d.toISODate()!)
      days.push({ date: d, plan, open: openRanges(plan.pieces) })
    }
    return ctx.view.render('calendar::pages/calendars/month', {
      ...view,
      first,
      days,
      prev: first.minus({ months: 1 }).toFormat('yyyy-MM'),
      next: first.plus({ months: 1 }).toFormat('yyyy-MM'),
    })
  }
}
