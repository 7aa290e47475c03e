import config from '@adonisjs/core/services/config'
import i18nManager from '@adonisjs/i18n/services/main'
import { Duration, type DurationLikeObject } from 'luxon'
import { TenantContext } from '#services/tenant_context'

/**
 * One line of the retention table as tenant admins see it.
 */
export interface RetentionRow {
  id: string
  label: string
  period: string
  action: string
  tenantPeriod: string | null
}

interface RetentionRule {
  period: DurationLikeObject | string
  action: string
}

/**
 * The retention table shown to tenant admins: the platform's periods
 * from `config/privacy.ts` in the tenant's words.
 */
export class RetentionTable {
  /**
   * Every rule with its label and period in the current locale.
   */
  async rows(locale = i18nManager.defaultLocale): Promise<RetentionRow[]> {
    TenantContext.require()
    const rules = config.get<Record<string, RetentionRule>>('privacy.retention', {})
    const i18n = i18nManager.locale(locale)
    return Object.entries(rules).map(([id, rule]) => ({
      id,
      label: i18n.t(`privacy.retention.classes.${id}`, {}, id),
      period: describe(rule.period, locale),
      action: rule.action,
      tenantPeriod: null,
    }))
  }
}

/**
 * "2 years", "3 months" in the locale.
 */
function describe(period: RetentionRule['period'], locale: string) {
  const duration =
    typeof period === 'string' ? Duration.fromISO(period) : Duration.fromObject(period)
  return duration.reconfigure({ locale }).toHuman({ listStyle: 'long' })
}

export default new RetentionTable()
