import type { HttpContext } from '@adonisjs/core/http'
import agenda from '../services/agenda_service.js'

/**
 * The agent's secret feed address: made anew, or turned off.
 */
export default class FeedTokensController {
  /**
   * Make a new feed address; the previous one stops working.
   */
  async store(ctx: HttpContext) {
    await agenda.regenerateFeed(ctx.auth.use('web').user!)
    ctx.session.flash('success', ctx.i18n.t('calendar.agenda.feed_created'))
    return ctx.response.redirect().toRoute('calendar.agenda.index')
  }

  /**
   * Turn the feed off; its address answers 410.
   */
  async destroy(ctx: HttpContext) {
    await agenda.revokeFeed(ctx.auth.use('web').user!)
    ctx.session.flash('success', ctx.i18n.t('calendar.agenda.feed_revoked'))
    return ctx.response.redirect().toRoute('calendar.agenda.index')
  }
}
