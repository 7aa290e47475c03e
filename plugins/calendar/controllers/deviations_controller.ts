import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@adonisjs/lucid'
import { randomUUID } from 'node:crypto'
import Calendar from '../models/calendar.js'
import editor from '../services/calendar_editor.js'
import type { Deviation } from '../services/schedule.js'
import { InvalidScheduleException } from '../errors.js'
import { scheduleProblem } from '../services/field_labels.js'
import { deviationValidator } from '../validators/calendar.js'
import { requireAdmin } from './authorize.js'

type DeviationForm = Awaited<ReturnType<typeof deviationValidator.validate>>

/**
 * A deviation from the posted form; "open only these hours" without
 * any interval, a date range that ends before it starts and a
 * deviation without any condition are refused (saved, they would never
 * open, never match, or decide every moment of the year).
 */
function toDeviation(id: string, form: DeviationForm): Deviation {
  const weeks = form.weeks
    ? [
        ...new Set(
          form.weeks
            .split(/[\s,]+/)
            .filter(Boolean)
            .map(Number)
        ),
      ]
    : undefined
  const hours = form.mode === 'hours' ? editor.intervals(form.intervals, 'intervals') : null
  if (hours && hours.length === 0) throw new InvalidScheduleException('intervals', 'no_intervals')
  if (form.date_from && form.date_to && form.date_to < form.date_from) {
    const dates = { from: form.date_from, to: form.date_to }
    throw new InvalidScheduleException('date_to', 'reversed_dates', dates)
  }
  const conditions = {
    weekdays: form.weekdays?.length ? form.weekdays : null,
    dateFrom: form.date_from ?? null,
    dateTo: form.date_to ?? null,
    timeFrom: form.time_from ?? null,
    timeTo: form.time_to ?? null,
    weeks: weeks?.length ? weeks : null,
    months: form.months?.length ? form.months : null,
  }
  if (Object.values(conditions).every((value) => value === null)) {
    throw new InvalidScheduleException('weekdays', 'no_conditions')
  }
  return {
    id,
    name: form.name,
    open: hours ?? form.mode === 'open',
    message:
      form.message_sv || form.message_en
        ? { sv: form.message_sv ?? null, en: form.message_en ?? null }
        : null,
    conditions,
  }
}

/**
 * Finds a deviation of a calendar, or answers 404.
 */
function findDeviation(ctx: HttpContext, calendar: Calendar) {
  const index = calendar.data.deviations.findIndex(
    (d) => String(d.id) === String(ctx.params.deviationId)
  )
  if (index < 0) throw new errors.E_ROW_NOT_FOUND()
  return index
}

/**
 * The ordered deviations of a calendar. Admins only.
 */
export default class DeviationsController {
  /**
   * Add a deviation at the end of the list.
   */
  async store(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const form = await ctx.request.validateUsing(deviationValidator)
    return this.#save(ctx, calendar, (list) => [...list, toDeviation(randomUUID(), form)])
  }

  /**
   * Show the form of one deviation.
   */
  async edit(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const deviation = calendar.data.deviations[findDeviation(ctx, calendar)]
    if (!calendar.isBase) await calendar.load('answeringPoint')
    return ctx.view.render('calendar::pages/deviations/edit', { calendar, deviation })
  }

  /**
   * Replace a deviation in place.
   */
  async update(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const index = findDeviation(ctx, calendar)
    const form = await ctx.request.validateUsing(deviationValidator)
    return this.#save(ctx, calendar, (list) =>
      list.map((d, i) => (i === index ? toDeviation(String(d.id), form) : d))
    )
  }

  /**
   * Remove a deviation.
   */
  async destroy(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const index = findDeviation(ctx, calendar)
    return this.#save(ctx, calendar, (list) => list.filter((_d, i) => i !== index))
  }

  async #save(ctx: HttpContext, calendar: Calendar, change: (list: Deviation[]) => Deviation[]) {
    try {
      const deviations = change(calendar.data.deviations)
      await editor.save(calendar, { ...calendar.data, deviations })
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
}
