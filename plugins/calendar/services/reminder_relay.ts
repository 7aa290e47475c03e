import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import { hasSharedTransport } from '#services/shared_transport'

/** What an agent's page receives when a reminder fires. */
export interface ReminderPayload {
  entryId: number
  kind: string
  title: string
  startsAt: string
  ticketNumber: number | null
}

/** A date-time column as read raw: a Date on MariaDB, UTC text on SQLite. */
function utcIso(value: Date | string) {
  if (value instanceof Date) return value.toISOString()
  return DateTime.fromSQL(String(value), { zone: 'utc' }).toISO()!
}

/**
 * A UTC `yyyy-MM-dd HH:mm:ss` for comparisons in SQL.
 */
function sqlUtc(value: DateTime) {
  return value.toUTC().toFormat('yyyy-MM-dd HH:mm:ss')
}

/** A date-time column as `yyyy-MM-dd HH:mm:ss` UTC text. */
function sqlText(value: Date | string) {
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ')
  return String(value).slice(0, 19)
}

/** What a reminder's page receives, from an entry row. */
function payloadOf(row: Record<string, any>): ReminderPayload {
  return {
    entryId: row.id,
    kind: row.kind,
    title: row.title,
    startsAt: utcIso(row.starts_at),
    ticketNumber: row.ticket_number ?? null,
  }
}

const CHANNEL = /^tenants\/(\d+)\/users\/(\d+)\/reminders$/

/**
 * Reminders: the worker's job marks due entries as reminded. With a
 * shared transmit transport (Redis) the job broadcasts them itself;
 * without one, a broadcast from the worker would not reach the web
 * processes' streams, so each web process relays newly reminded
 * entries to the open pages of their agents.
 */
export class ReminderRelay {
  #timer: NodeJS.Timeout | null = null
  /** The newest reminder time relayed, and the ids relayed at it. */
  #mark: string | null = null
  #sent = new Set<number>()

  /** The channel of one agent's reminders. */
  channel(tenantId: number, userId: number) {
    return `tenants/${tenantId}/users/${userId}/reminders`
  }

  /**
   * Lets a stream subscribe to its own user's reminders only. Runs
   * while the app boots, so models are imported only when used.
   */
  async register() {
    const transmit = await app.container.make('transmit')
    transmit.authorize<{ tenantId: string; userId: string }>(
      'tenants/:tenantId/users/:userId/reminders',
      async (ctx, params) => {
        const { default: liveUpdates } = await import('#services/live_update_service')
        const user = liveUpdates.subscriber(ctx, params.tenantId)
        return user !== null && String(user.id) === params.userId
      }
    )
  }

  /**
   * Marks every due, unreminded entry of tenants with the module on as
   * reminded. Returns how many fired. Run by the worker every minute.
   */
  async fireDue(now = DateTime.utc()) {
    const due = await db
      .from('calendar_entries')
      .whereNotNull('remind_at')
      .whereNull('reminded_at')
      .where('remind_at', '<=', sqlUtc(now))
      .select('id', 'tenant_id')
      .limit(1000)
    const { default: modules } = await import('#services/module_service')
    const enabled = new Map<number, boolean>()
    const ids: number[] = []
    for (const entry of due) {
      const tenantId = Number(entry.tenant_id)
      if (!enabled.has(tenantId)) {
        enabled.set(tenantId, await modules.isEnabled(tenantId, 'calendar'))
      }
      if (enabled.get(tenantId)) ids.push(Number(entry.id))
    }
    if (ids.length) {
      await db
        .from('calendar_entries')
        .whereIn('id', ids)
        .update({ reminded_at: sqlUtc(now) })
      if (hasSharedTransport()) await this.#broadcast(ids)
    }
    return ids.length
  }

  /**
   * Sends fired reminders straight to their agents' channels.
   */
  async #broadcast(ids: number[]) {
    const transmit = await app.container.make('transmit')
    const rows = await this.#rows().whereIn('calendar_entries.id', ids)
    for (const row of rows) {
      transmit.broadcast(this.channel(row.tenant_id, row.user_id), { ...payloadOf(row) })
    }
  }

  /**
   * Entries with what a reminder shows, the ticket number included.
   */
  #rows() {
    return db
      .from('calendar_entries')
      .leftJoin('tickets', 'tickets.id', 'calendar_entries.ticket_id')
      .select('calendar_entries.id', 'calendar_entries.tenant_id', 'calendar_entries.user_id')
      .select('calendar_entries.kind', 'calendar_entries.title', 'calendar_entries.starts_at')
      .select('calendar_entries.reminded_at', 'tickets.number as ticket_number')
  }

  /**
   * Reminders that fired since the last pass for the users listening
   * in this process (or the given user -> tenant map), broadcast to
   * their channels. Returns what was sent.
   */
  async relayOnce(options: { since?: DateTime; listeners?: Map<number, number> } = {}) {
    const transmit = await app.container.make('transmit')
    const listeners = options.listeners ?? this.#listeners(transmit)
    if (options.since) {
      this.#mark = sqlUtc(options.since)
      this.#sent = new Set()
    }
    if (this.#mark === null) this.#mark = sqlUtc(DateTime.utc().minus({ minutes: 1 }))
    if (listeners.size === 0) return []
    const rows = await this.#rows()
      .whereIn('calendar_entries.user_id', [...listeners.keys()])
      .where('calendar_entries.reminded_at', '>=', this.#mark)
      .orderBy('calendar_entries.reminded_at', 'asc')
      .orderBy('calendar_entries.id', 'asc')
      .limit(500)
    const sent: ReminderPayload[] = []
    for (const row of rows) {
      const at = sqlText(row.reminded_at)
      if (at === this.#mark && this.#sent.has(row.id)) continue
      if (at !== this.#mark) {
        this.#mark = at
        this.#sent = new Set()
      }
      this.#sent.add(row.id)
      if (listeners.get(row.user_id) !== row.tenant_id) continue
      const payload = payloadOf(row)
      transmit.broadcast(this.channel(row.tenant_id, row.user_id), { ...payload })
      sent.push(payload)
    }
    return sent
  }

  /**
   * Polls while the process runs.
   */
  start(intervalMs = 3000) {
    if (this.#timer) return
    this.#timer = setInterval(() => {
      this.relayOnce().catch((error) => logger.warn({ err: error }, 'reminder relay failed'))
    }, intervalMs)
    this.#timer.unref()
  }

  /**
   * Stops polling.
   */
  stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
  }

  /** Users with a reminder stream in this process, with their tenant. */
  #listeners(transmit: { getManager(): { getAllSubscribers(): Map<unknown, Set<string>> } }) {
    const users = new Map<number, number>()
    for (const channels of transmit.getManager().getAllSubscribers().values()) {
      for (const channel of channels) {
        const match = CHANNEL.exec(channel)
        if (match) users.set(Number(match[2]), Number(match[1]))
      }
    }
    return users
  }
}

export default new ReminderRelay()
