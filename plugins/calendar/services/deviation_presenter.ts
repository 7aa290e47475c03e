import type { I18n } from '@adonisjs/i18n'
import type { Deviation } from './schedule.js'

/**
 * Plain-language descriptions of deviations for the admin pages.
 */
export class DeviationPresenter {
  constructor(protected i18n: I18n) {}

  /**
   * What the deviation does: closed, open, or open at given hours.
   */
  effect(d: Deviation) {
    if (Array.isArray(d.open)) {
      const hours = d.open.map(([a, b]) => `${a}–${b}`).join(', ')
      return this.i18n.t('calendar.deviations.effect_hours', { hours })
    }
    return this.i18n.t(
      d.open ? 'calendar.deviations.effect_open' : 'calendar.deviations.effect_closed'
    )
  }

  /**
   * The conditions as short phrases; "always" when there are none.
   */
  conditions(d: Deviation) {
    const c = d.conditions ?? {}
    const t = (key: string, data?: Record<string, unknown>) =>
      this.i18n.t(`calendar.conditions.${key}`, data)
    const parts: string[] = []
    if (c.weekdays?.length) {
      const days = c.weekdays.map((n) => this.i18n.t(`calendar.weekdays.${n}`)).join(', ')
      parts.push(t('weekdays', { days }))
    }
    if (c.date) parts.push(t('date', { date: c.date }))
    else if (c.dateFrom && c.dateTo && c.dateFrom === c.dateTo) {
      parts.push(t('date', { date: c.dateFrom }))
    } else if (c.dateFrom || c.dateTo) {
      parts.push(t('dates', { from: c.dateFrom ?? '…', to: c.dateTo ?? '…' }))
    }
    if (c.timeFrom || c.timeTo) {
      parts.push(t('time', { from: c.timeFrom ?? '00:00', to: c.timeTo ?? '24:00' }))
    }
    if (c.weeks?.length) parts.push(t('weeks', { weeks: c.weeks.join(', ') }))
    if (c.months?.length) {
      const months = c.months.map((n) => this.i18n.t(`calendar.months.${n}`)).join(', ')
      parts.push(t('months', { months }))
    }
    return parts.length ? parts.join('; ') : t('always')
  }
}
