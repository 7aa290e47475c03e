import type { I18n } from '@adonisjs/i18n'
import TicketEvent from '#models/ticket_event'
import type Ticket from '#models/ticket'

/**
 * Names to show for ids found in history entries.
 */
export interface HistoryLookups {
  users: Map<number, string>
  points: Map<number, string>
}

/**
 * One line of a ticket's history, ready to show.
 */
export interface HistoryLine {
  id: number
  at: TicketEvent['createdAt']
  who: string | null
  text: string
}

/**
 * Reads a ticket's history and words each entry in the reader's
 * language: who did what, and when.
 */
export class TicketHistoryService {
  /**
   * The ticket's history, newest first.
   */
  async lines(ticket: Ticket, i18n: I18n, lookups: HistoryLookups): Promise<HistoryLine[]> {
    const events = await TicketEvent.query()
      .where('ticket_id', ticket.id)
      .preload('user')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
    return events.map((event) => ({
      id: event.id,
      at: event.createdAt,
      who: event.user?.fullName ?? null,
      text: this.describe(event, i18n, lookups),
    }))
  }

  /**
   * One entry in words. Unknown actions (a plugin's) fall back to
   * their action name.
   */
  describe(event: TicketEvent, i18n: I18n, lookups: HistoryLookups) {
    const data = (event.data ?? {}) as Record<string, any>
    const value = (field: string, raw: unknown) => this.value(field, raw, i18n, lookups)

    switch (event.action) {
      case 'status_changed':
      case 'priority_changed':
      case 'assigneeId_changed':
      case 'answeringPointId_changed': {
        const field = event.action.replace(/_changed$/, '')
        return i18n.t(`tickets.history.${field}_changed`, {
          from: value(field, data.from),
          to: value(field, data.to),
        })
      }
      case 'tag_added':
      case 'tag_removed':
        return i18n.t(`tickets.history.${event.action}`, { tag: String(data.tag ?? '') })
      case 'created':
        return i18n.t('tickets.history.created', {
          channel: i18n.t(`tickets.channels.${data.channel}`, {}, String(data.channel ?? '')),
        })
      case 'replied':
      case 'note_added':
        return i18n.t(`tickets.history.${event.action}`)
      default: {
        /* A plugin's action `<id>.<name>` is worded by the plugin's
           own translations, `<id>.history.<name>`. */
        const dot = event.action.indexOf('.')
        const key =
          dot > 0
            ? `${event.action.slice(0, dot)}.history.${event.action.slice(dot + 1)}`
            : `tickets.history.${event.action}`
        return i18n.t(key, data, event.action)
      }
    }
  }

  protected value(field: string, raw: unknown, i18n: I18n, lookups: HistoryLookups) {
    if (raw === null || raw === undefined) {
      return i18n.t(field === 'assigneeId' ? 'tickets.history.nobody' : 'tickets.history.none')
    }
    if (field === 'status') return i18n.t(`tickets.statuses.${raw}`)
    if (field === 'priority') return i18n.t(`tickets.priorities.${raw}`)
    if (field === 'assigneeId') return lookups.users.get(Number(raw)) ?? `#${raw}`
    if (field === 'answeringPointId') return lookups.points.get(Number(raw)) ?? `#${raw}`
    return String(raw)
  }
}

export default new TicketHistoryService()
