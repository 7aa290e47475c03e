import i18nManager from '@adonisjs/i18n/services/main'
import { Duration } from 'luxon'
import AnsweringPoint from '#models/answering_point'
import retentionPolicy from '#services/retention/retention_policy'

/**
 * One line of the retention table as tenant admins see it.
 */
export interface RetentionRow {
  id: string
  label: string
  period: string
  action: string | null
  /* The tenant's shorter periods: "Support: 6 months". */
  shortened: string[]
}

/**
 * The retention table shown to tenant admins: every declared data
 * class with the platform's period (its maximum), what happens when it
 * ends, and the tenant's shorter periods per answering point, in the
 * admin's language. Current tenant.
 */
export class RetentionTable {
  /**
   * Every class in the order of the published table.
   */
  async rows(locale: string): Promise<RetentionRow[]> {
    const [classes, points] = await Promise.all([
      retentionPolicy.classes(),
      AnsweringPoint.query().select('id', 'name'),
    ])
    const pointName = new Map(points.map((point) => [point.id, point.name]))
    const i18n = i18nManager.locale(locale)
    return classes.map((item) => ({
      id: item.id,
      label: i18n.t(item.label, {}, item.id),
      period: item.period
        ? describe(item.period, locale)
        : i18n.t('privacy.retention.while_in_use'),
      action: item.period ? item.action : null,
      shortened: Object.entries(item.points).map(
        ([pointId, period]) =>
          `${pointName.get(Number(pointId)) ?? `#${pointId}`}: ${describe(period, locale)}`
      ),
    }))
  }
}

/**
 * "2 years", "3 månader" in the locale.
 */
function describe(period: string, locale: string) {
  return Duration.fromISO(period).reconfigure({ locale }).toHuman({ listStyle: 'long' })
}

export default new RetentionTable()
