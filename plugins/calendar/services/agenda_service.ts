import { randomBytes, randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import Ticket from '#models/ticket'
import type User from '#models/user'
import CalendarEntry, { type EntryKind } from '../models/calendar_entry.js'
import CalendarFeed from '../models/calendar_feed.js'
import type { ImportedEvent } from './ics_service.js'

/**
 * A UTC `yyyy-MM-dd HH:mm:ss` for comparisons in SQL, as Lucid stores
 * date-times on SQLite and MariaDB.
 */
export function sqlUtc(value: DateTime) {
  return value.toUTC().toFormat('yyyy-MM-dd HH:mm:ss')
}

/** A new entry as the service takes it. */
export interface EntryInput {
  kind: EntryKind
  title: string
  notes?: string | null
  startsAt: DateTime
  endsAt?: DateTime | null
  remindAt?: DateTime | null
  ticket?: Ticket | null
  contactId?: number | null
}

/**
 * Agents' personal entries and their feed tokens. Runs in the
 * tenant context of the request or job.
 */
export class AgendaService {
  /**
   * Entries of a user from `from` on, soonest first.
   */
  upcoming(user: User, from: DateTime, limit = 100) {
    return CalendarEntry.query()
      .where('user_id', user.id)
      .where('starts_at', '>=', sqlUtc(from))
      .preload('ticket')
      .preload('contact')
      .orderBy('starts_at', 'asc')
      .limit(limit)
  }

  /**
   * Adds an entry; a call-back or reminder without its own reminder
   * time reminds at its start. A ticket brings its contact along.
   */
  create(user: User, input: EntryInput) {
    const remindAt = input.remindAt ?? (input.kind === 'appointment' ? null : input.startsAt)
    return CalendarEntry.create({
      userId: user.id,
      kind: input.kind,
      title: input.title,
      notes: input.notes ?? null,
      startsAt: input.startsAt.toUTC(),
      endsAt: input.endsAt?.toUTC() ?? null,
      remindAt: remindAt?.toUTC() ?? null,
      ticketId: input.ticket?.id ?? null,
      contactId: input.ticket?.contactId ?? input.contactId ?? null,
      uid: `${randomUUID()}@ehelpdesk`,
    })
  }

  /**
   * Stores imported events as appointments; an event already imported
   * (same UID) is updated instead of duplicated.
   */
  async importEvents(user: User, events: ImportedEvent[]) {
    let count = 0
    for (const event of events) {
      const existing = await CalendarEntry.query()
        .where('user_id', user.id)
        .where('uid', event.uid)
        .first()
      const values = {
        title: event.title,
        notes: event.notes,
        startsAt: event.startsAt.toUTC(),
        endsAt: event.endsAt?.toUTC() ?? null,
      }
      if (existing) await existing.merge(values).save()
      else
        await CalendarEntry.create({
          ...values,
          userId: user.id,
          kind: 'appointment',
          uid: event.uid,
        })
      count++
    }
    return count
  }

  /**
   * The user's live feed token, if any.
   */
  activeFeed(user: User) {
    return CalendarFeed.query().where('user_id', user.id).whereNull('revoked_at').first()
  }

  /**
   * Revokes the user's feed and makes a new secret token.
   */
  async regenerateFeed(user: User) {
    await this.revokeFeed(user)
    return CalendarFeed.create({ userId: user.id, token: randomBytes(24).toString('base64url') })
  }

  /**
   * Revokes the user's feed: its address answers 410 from now on.
   */
  async revokeFeed(user: User) {
    await CalendarFeed.query()
      .where('user_id', user.id)
      .whereNull('revoked_at')
      .update({ revoked_at: sqlUtc(DateTime.utc()) })
  }
}

export default new AgendaService()
