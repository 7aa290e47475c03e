import type { DateTime } from 'luxon'
import type { I18n } from '@adonisjs/i18n'
import { TICKET_PRIORITIES, TICKET_STATUSES } from '#models/ticket'

const cache = new Map<string, TicketListPresenter>()

/**
 * Words and dates for a page of tickets, resolved once per page: the
 * list shows the same few labels on every row, and formatting each
 * one per row costs more than the database work behind the page.
 */
export class TicketListPresenter {
  readonly statuses: Record<string, string>
  readonly priorities: Record<string, string>
  readonly unassigned: string
  #dates: Intl.DateTimeFormat

  constructor(i18n: I18n, timeZone: string) {
    this.statuses = Object.fromEntries(
      TICKET_STATUSES.map((status) => [status, i18n.t(`tickets.statuses.${status}`)])
    )
    this.priorities = Object.fromEntries(
      TICKET_PRIORITIES.map((priority) => [priority, i18n.t(`tickets.priorities.${priority}`)])
    )
    this.unassigned = i18n.t('tickets.list.unassigned')
    this.#dates = new Intl.DateTimeFormat(i18n.locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone,
    })
  }

  /**
   * A moment as the reader's locale writes it in the tenant's zone,
   * with its machine-readable form for a `<time>` element. Takes a
   * DateTime or the UTC `yyyy-MM-dd HH:mm:ss` text of a list row.
   */
  date(value: DateTime | string) {
    const date =
      typeof value === 'string' ? new Date(`${value.replace(' ', 'T')}Z`) : value.toJSDate()
    return { label: this.#dates.format(date), iso: date.toISOString() }
  }

  /**
   * The presenter for a locale and zone, built once and reused: the
   * labels only change when translations are reloaded at boot.
   */
  static for(i18n: I18n, timeZone: string) {
    const key = `${i18n.locale}|${timeZone}`
    let presenter = cache.get(key)
    if (!presenter) {
      presenter = new TicketListPresenter(i18n, timeZone)
      cache.set(key, presenter)
    }
    return presenter
  }
}
