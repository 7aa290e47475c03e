import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import reminders from '#plugins/calendar/services/reminder_relay'

/**
 * Scheduled every minute by the worker: marks agents' due reminders as
 * fired; the web processes push them to the agents' open pages.
 */
export default class FireRemindersJob extends Job<Record<string, never>> {
  static options: JobOptions = {
    name: 'calendar.FireReminders',
    timeout: '1m',
  }

  /**
   * One pass over all tenants.
   */
  async execute() {
    await reminders.fireDue()
  }
}
