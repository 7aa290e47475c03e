import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import modules from '#services/module_service'
import { TenantContext } from '#services/tenant_context'
import CalendarEntry from '../models/calendar_entry.js'
import CalendarFeed from '../models/calendar_feed.js'
import ics from '../services/ics_service.js'

/**
 * The read-only iCal feed on a secret address. The token finds the
 * tenant and the agent; no session is involved.
 */
export default class FeedsController {
  /**
   * Serve the agent's entries; 410 once the address is revoked, 404
   * for an unknown token or a tenant without the module.
   */
  async show(ctx: HttpContext) {
    const token = String(ctx.params.token).replace(/\.ics$/, '')
    const feed = await TenantContext.bypass(() =>
      CalendarFeed.query().where('token', token).first()
    )
    if (!feed || !(await modules.isEnabled(feed.tenantId, 'calendar'))) {
      return ctx.response.notFound('Not found')
    }
    if (feed.revokedAt) return ctx.response.gone('This feed address has been turned off')
    const entries = await TenantContext.run(feed.tenantId, () =>
      CalendarEntry.query().where('user_id', feed.userId).orderBy('starts_at', 'asc').limit(2000)
    )
    const i18n = i18nManager.locale('sv')
    const body = ics.feed('eHelpdesk', entries, (kind) => i18n.t(`calendar.kinds.${kind}`))
    ctx.response.header('Content-Type', 'text/calendar; charset=utf-8')
    ctx.response.header('Cache-Control', 'private, max-age=60')
    return body
  }
}
