import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import agenda from '../services/agenda_service.js'
import reminders from '../services/reminder_relay.js'

/**
 * The agent's own calendar: upcoming entries, a form for new ones,
 * the feed address and the `.ics` import.
 */
export default class AgendaController {
  /**
   * Show the agenda from the start of today.
   */
  async index(ctx: HttpContext) {
    const user = ctx.auth.use('web').user!
    const zone = ctx.tenant!.timeZone || 'Europe/Stockholm'
    const today = DateTime.now().setZone(zone).startOf('day')
    const entries = await agenda.upcoming(user, today)
    const feed = await agenda.activeFeed(user)
    return ctx.view.render('calendar::pages/agenda/index', {
      entries,
      zone,
      feedUrl: feed
        ? `${ctx.request.protocol()}://${ctx.request.host()}/hooks/calendar/feed/${feed.token}`
        : null,
      reminderChannel: reminders.channel(user.tenantId, user.id),
      now: DateTime.now().setZone(zone).startOf('minute').toFormat("yyyy-MM-dd'T'HH:mm"),
    })
  }
}
