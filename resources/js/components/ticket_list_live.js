/**
 * Live ticket list: listens on the user's authorised transmit channels
 * and, when tickets arrive or change, says so in a polite live region
 * with a button that reloads the list. Rows already on the page are
 * marked as changed.
 */
import { Transmit } from '@adonisjs/transmit-client'

export default (Alpine) =>
  Alpine.data('ticketListLive', (config) => {
    /* Kept outside Alpine's reactive proxy: the client uses private
       class fields, which a proxy cannot read. */
    let transmit = null
    let subscriptions = []
    const shown = new Set(config.shown)
    const created = new Set()
    const updated = new Set()

    const phrase = (count, one, many) => {
      if (count === 0) return ''
      return count === 1 ? one : many.replace('{count}', String(count))
    }

    return {
      total: 0,
      summary: '',

      init() {
        transmit = new Transmit({ baseUrl: window.location.origin })
        subscriptions = config.channels.map((channel) => {
          const subscription = transmit.subscription(channel)
          subscription.onMessage((payload) => this.receive(payload))
          subscription.create().catch(() => {})
          return subscription
        })
      },

      destroy() {
        subscriptions.forEach((subscription) => subscription.delete().catch(() => {}))
        transmit?.close()
      },

      receive(payload) {
        if (!payload || typeof payload.ticketId !== 'number') return
        const id = payload.ticketId
        if (payload.activity === 'created' && !shown.has(id)) {
          created.add(id)
        } else if (!created.has(id)) {
          updated.add(id)
          document.querySelector(`[data-ticket-id="${id}"]`)?.classList.add('row-changed')
        }
        this.total = created.size + updated.size
        this.summary = [
          phrase(created.size, config.labels.createdOne, config.labels.created),
          phrase(updated.size, config.labels.updatedOne, config.labels.updated),
        ]
          .filter(Boolean)
          .join(', ')
      },
    }
  })
