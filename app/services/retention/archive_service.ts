import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import { Exception } from '@adonisjs/core/exceptions'
import { DateTime } from 'luxon'
import { TenantContext } from '#services/tenant_context'
import { likePattern } from '#services/ticket_query_service'
import { ArchivedOnHoldException } from '#exceptions/privacy_errors'

const PAGE_SIZE = 25

const DATE_COLUMNS = [
  'archived_at',
  'created_at',
  'last_activity_at',
  'sent_at',
  'received_at',
  'updated_at',
]

/**
 * An archive row with its datetime columns as luxon DateTimes (SQLite
 * returns text, MySQL Date objects).
 */
function withDates<T extends Record<string, any>>(row: T): T {
  const copy: Record<string, any> = { ...row }
  for (const column of DATE_COLUMNS) {
    const value = copy[column]
    if (value instanceof Date) copy[column] = DateTime.fromJSDate(value, { zone: 'utc' })
    else if (typeof value === 'string') copy[column] = DateTime.fromSQL(value, { zone: 'utc' })
  }
  return copy as T
}

/**
 * Child tables of an archived ticket, deleted with it.
 */
const TICKET_CHILDREN = ['ticket_events', 'ticket_tags', 'inbound_messages', 'messages']

/**
 * An archived record the tenant does not have: answers 404, like any
 * other tenant's id.
 */
export class ArchivedRecordNotFoundException extends Exception {
  static status = 404
  static code = 'E_ARCHIVE_NOT_FOUND'
  static message = 'Archived record not found'
}

/**
 * Read-only access to the archive for tenant admins (browse, search,
 * download archived attachments) and its deletions (by an admin or
 * the archive's own retention). Every query is filtered by the
 * current tenant.
 */
export class ArchiveService {
  /**
   * Archived tickets, newest activity first, optionally searched by
   * number, subject, or the text and sender of their messages.
   */
  async tickets(input: { search?: string; page?: number }) {
    const tenantId = TenantContext.require()
    const query = this.#archive()
      .from('tickets')
      .where('tenant_id', tenantId)
      .select('id', 'number', 'subject', 'status', 'channel', 'last_activity_at', 'archived_at')
      .orderBy('last_activity_at', 'desc')
      .orderBy('id', 'desc')
    const search = input.search?.trim()
    if (search) {
      const number = Number(search.replace(/^#/, ''))
      const pattern = likePattern(search)
      const inThread = this.#archive()
        .from('messages')
        .where('tenant_id', tenantId)
        .where((where) => {
          where
            .whereRaw('body_text LIKE ? ESCAPE ?', [pattern, '!'])
            .orWhereRaw('from_address LIKE ? ESCAPE ?', [pattern, '!'])
            .orWhereRaw('from_name LIKE ? ESCAPE ?', [pattern, '!'])
        })
        .select('ticket_id')
      query.where((where) => {
        where.whereRaw('subject LIKE ? ESCAPE ?', [pattern, '!']).orWhereIn('id', inThread)
        if (Number.isInteger(number) && number > 0) where.orWhere('number', number)
      })
    }
    const page = await query.paginate(Math.max(1, input.page ?? 1), PAGE_SIZE)
    return { page, rows: page.all().map(withDates) }
  }

  /**
   * Archived attachments whose ticket is still in production (those
   * of archived tickets are shown with the ticket).
   */
  async attachments(input: { search?: string; page?: number }) {
    const tenantId = TenantContext.require()
    const query = this.#archive()
      .from('attachments')
      .where('tenant_id', tenantId)
      .select('id', 'message_id', 'file_name', 'content_type', 'size', 'created_at', 'archived_at')
      .orderBy('id', 'desc')
    const search = input.search?.trim()
    if (search) query.whereRaw('file_name LIKE ? ESCAPE ?', [likePattern(search), '!'])
    const page = await query.paginate(Math.max(1, input.page ?? 1), PAGE_SIZE)
    return { page, rows: page.all().map(withDates) }
  }

  /**
   * One archived ticket with its thread, events and attachments.
   */
  async ticket(id: number) {
    const tenantId = TenantContext.require()
    const ticket = await this.#archive()
      .from('tickets')
      .where('tenant_id', tenantId)
      .where('id', id)
      .first()
    if (!ticket) throw new ArchivedRecordNotFoundException()
    const messages = await this.#archive()
      .from('messages')
      .where('tenant_id', tenantId)
      .where('ticket_id', id)
      .orderBy('created_at')
      .orderBy('id')
    const attachments = messages.length
      ? await this.#archive()
          .from('attachments')
          .where('tenant_id', tenantId)
          .whereIn(
            'message_id',
            messages.map((message) => message.id)
          )
          .orderBy('id')
      : []
    const events = await this.#archive()
      .from('ticket_events')
      .where('tenant_id', tenantId)
      .where('ticket_id', id)
      .orderBy('created_at')
      .orderBy('id')
    return {
      ticket: withDates(ticket),
      messages: messages.map(withDates),
      attachments: attachments.map(withDates),
      events: events.map(withDates),
    }
  }

  /**
   * An archived attachment's row.
   */
  async attachmentRow(id: number) {
    const tenantId = TenantContext.require()
    const row = await this.#archive()
      .from('attachments')
      .where('tenant_id', tenantId)
      .where('id', id)
      .first()
    if (!row) throw new ArchivedRecordNotFoundException()
    return row
  }

  /**
   * An archived attachment's row and bytes.
   */
  async attachment(id: number) {
    const row = await this.attachmentRow(id)
    const disk = drive.use('archive')
    if (!(await disk.exists(row.disk_key))) throw new ArchivedRecordNotFoundException()
    return { row, bytes: Buffer.from(await disk.getBytes(row.disk_key)) }
  }

  /**
   * Deletes an archived ticket with its thread and files.
   */
  async deleteTicket(id: number) {
    const tenantId = TenantContext.require()
    const found = await this.#archive()
      .from('tickets')
      .where('tenant_id', tenantId)
      .where('id', id)
      .first()
    if (!found) throw new ArchivedRecordNotFoundException()
    if (await this.onHold(found)) throw new ArchivedOnHoldException()
    await this.#deleteTickets(tenantId, [id])
  }

  /**
   * Whether an archived ticket row, or its contact, is on legal hold.
   */
  async onHold(ticket: { legal_hold: unknown; contact_id: number | null }) {
    if (ticket.legal_hold === true || Number(ticket.legal_hold) === 1) return true
    if (!ticket.contact_id) return false
    const contact = await db
      .from('contacts')
      .where('tenant_id', TenantContext.require())
      .where('id', ticket.contact_id)
      .where('legal_hold', true)
      .first()
    return !!contact
  }

  /**
   * Deletes one archived attachment and its file.
   */
  async deleteAttachment(id: number) {
    const row = await this.attachmentRow(id)
    await this.#archive().from('attachments').where('id', id).delete()
    await drive.use('archive').delete(row.disk_key)
  }

  /**
   * Deletes archived tickets and attachments archived before the
   * cutoff (the archive's own retention), except tickets on legal
   * hold and those of a contact on hold. Returns how many tickets and
   * attachments (with their files) were deleted.
   */
  async expire(tenantId: number, cutoff: string) {
    const heldContacts = await db
      .from('contacts')
      .where('tenant_id', tenantId)
      .where('legal_hold', true)
      .select('id')
      .then((rows) => rows.map((row) => row.id as number))
    let tickets = 0
    let after = 0
    for (;;) {
      const ids = await this.#archive()
        .from('tickets')
        .where('tenant_id', tenantId)
        .where('archived_at', '<', cutoff)
        .where('id', '>', after)
        .where((where) => {
          where.where('legal_hold', false).orWhereNull('legal_hold')
        })
        .where((where) => {
          where.whereNull('contact_id')
          if (heldContacts.length) where.orWhereNotIn('contact_id', heldContacts)
          else where.orWhereNotNull('contact_id')
        })
        .orderBy('id')
        .limit(1000)
        .select('id')
        .then((rows) => rows.map((row) => row.id as number))
      if (ids.length === 0) break
      await this.#deleteTickets(tenantId, ids)
      tickets += ids.length
      after = ids[ids.length - 1]
    }
    const old = await this.#archive()
      .from('attachments')
      .where('tenant_id', tenantId)
      .where('archived_at', '<', cutoff)
      .whereNotIn(
        'message_id',
        this.#archive().from('messages').where('tenant_id', tenantId).select('id')
      )
      .select('id', 'disk_key')
    for (const row of old) {
      await this.#archive().from('attachments').where('id', row.id).delete()
      await drive.use('archive').delete(row.disk_key)
    }
    return { tickets, attachments: old.length }
  }

  async #deleteTickets(tenantId: number, ids: number[]) {
    const archive = this.#archive()
    const messageIds = archive
      .from('messages')
      .where('tenant_id', tenantId)
      .whereIn('ticket_id', ids)
      .select('id')
    const files = await archive
      .from('attachments')
      .where('tenant_id', tenantId)
      .whereIn('message_id', messageIds)
      .select('disk_key')
      .then((rows) => rows.map((row) => row.disk_key as string))
    await archive.transaction(async (trx) => {
      await trx
        .from('attachments')
        .where('tenant_id', tenantId)
        .whereIn(
          'message_id',
          trx.from('messages').where('tenant_id', tenantId).whereIn('ticket_id', ids).select('id')
        )
        .delete()
      for (const table of TICKET_CHILDREN) {
        await trx.from(table).where('tenant_id', tenantId).whereIn('ticket_id', ids).delete()
      }
      await trx.from('tickets').where('tenant_id', tenantId).whereIn('id', ids).delete()
    })
    for (const key of files) await drive.use('archive').delete(key)
  }

  #archive() {
    return db.connection('archive')
  }
}

export default new ArchiveService()
