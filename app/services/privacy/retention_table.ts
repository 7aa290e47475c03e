import i18nManager from '@adonisjs/i18n/services/main'
import { Duration } from 'luxon'
import { DataClassRegistry } from '#app/privacy/registry'

/**
 * One line of the retention table as tenant admins see it.
 */
export interface RetentionRow {
  id: string
  label: string
  period: string
  action: string | null
}

/**
 * The retention table shown to tenant admins: every declared data
 * class with its period (the platform maximum applied) and what
 * happens when it ends, in the admin's language.
 */
export class RetentionTable {
  /**
   * Every class in the order of the published table.
   */
  async rows(locale: string): Promise<RetentionRow[]> {
    const registry = await DataClassRegistry.load()
    const i18n = i18nManager.locale(locale)
    return registry.all().map((item) => ({
      id: item.id,
      label: i18n.t(item.label, {}, item.id),
      period: item.retention?.period
        ? describe(item.retention.period, locale)
        : i18n.t('privacy.retention.while_in_use'),
      action: item.retention?.period ? item.retention.action : null,
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
