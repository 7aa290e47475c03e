/**
 * Live reminders: listens on the agent's own reminder channel and
 * announces each fired reminder in a live region, with a link to the
 * ticket when the entry has one.
 */
import { Transmit } from '@adonisjs/transmit-client'

export default (Alpine) =>
  Alpine.data('calendarReminders', (config) => {
    /* Outside Alpine's proxy: the client uses private class fields. */
    let transmit = null
    let subscription = null

    return {
      items: [],

      init() {
        transmit = new Transmit({ baseUrl: window.location.origin })
        subscription = transmit.subscription(config.channel)
        subscription.onMessage((payload) => this.receive(payload))
        subscription.create().catch(() => {})
      },

      destroy() {
        subscription?.delete().catch(() => {})
        transmit?.close()
      },

      receive(payload) {
        if (!payload || typeof payload.entryId !== 'number') return
        if (this.items.some((item) => item.entryId === payload.entryId)) return
        this.items.push({
          ...payload,
          text: config.label.replace('{title}', payload.title),
          href: payload.ticketNumber ? config.ticketUrl.replace('0', payload.ticketNumber) : null,
        })
      },
    }
  })
