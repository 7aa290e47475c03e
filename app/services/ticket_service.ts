import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant from '#models/tenant'
import Ticket, { type TicketPriority, type TicketStatus } from '#models/ticket'
import TicketEvent from '#models/ticket_event'
import { TenantContext } from '#services/tenant_context'
import TicketCreated from '#events/ticket_created'
import TicketUpdated from '#events/ticket_updated'

export interface OpenTicketInput {
  subject: string
  channel: string
  answeringPointId: number | null
  contactId: number | null
  priority?: TicketPriority
  status?: TicketStatus
  linkedTicketId?: number | null
  userId?: number | null
}

export type TicketChange = Partial<{
  status: TicketStatus
  priority: TicketPriority
  assigneeId: number | null
  answeringPointId: number | null
}>

/**
 * Opens tickets and changes them, writing a history entry for every
 * change and emitting the domain events.
 */
export class TicketService {
  /**
   * Opens a ticket with the tenant's next number.
   */
  async open(input: OpenTicketInput, trx?: TransactionClientContract) {
    const run = async (client: TransactionClientContract) => {
      const number = await this.nextNumber(client)
      const now = DateTime.utc()
      const ticket = await Ticket.create(
        {
          number,
          subject: input.subject.trim().slice(0, 998) || '(no subject)',
          channel: input.channel,
          status: input.status ?? 'new',
          priority: input.priority ?? 'normal',
          answeringPointId: input.answeringPointId,
          contactId: input.contactId,
          linkedTicketId: input.linkedTicketId ?? null,
          lastActivityAt: now,
        },
        { client }
      )
      await this.record(ticket, 'created', { channel: input.channel }, input.userId, client)
      return ticket
    }

    const ticket = trx ? await run(trx) : await db.transaction(run)
    if (!trx) await TicketCreated.dispatch(ticket)
    return ticket
  }

  /**
   * Applies changes that differ from the current values, one history
   * entry per field.
   */
  async change(ticket: Ticket, changes: TicketChange, userId: number | null) {
    const diff: Record<string, { from: unknown; to: unknown }> = {}
    for (const [key, value] of Object.entries(changes) as [keyof TicketChange, any][]) {
      if (value === undefined || ticket[key] === value) continue
      diff[key] = { from: ticket[key], to: value }
      ;(ticket as any)[key] = value
    }
    if (Object.keys(diff).length === 0) return ticket

    await db.transaction(async (trx) => {
      ticket.useTransaction(trx)
      await ticket.save()
      for (const [field, values] of Object.entries(diff)) {
        await this.record(ticket, `${field}_changed`, values, userId, trx)
      }
    })
    await TicketUpdated.dispatch(ticket, diff)
    return ticket
  }

  /**
   * Marks activity on the ticket (a new message), which also orders
   * the ticket list.
   */
  async touch(ticket: Ticket, trx?: TransactionClientContract) {
    ticket.lastActivityAt = DateTime.utc()
    if (trx) ticket.useTransaction(trx)
    await ticket.save()
  }

  /**
   * Writes one history entry.
   */
  async record(
    ticket: Ticket,
    action: string,
    data: Record<string, unknown> | null,
    userId: number | null | undefined,
    trx?: TransactionClientContract
  ) {
    await TicketEvent.create(
      { ticketId: ticket.id, userId: userId ?? null, action, data },
      { client: trx }
    )
  }

  /**
   * Reserves the tenant's next ticket number inside the transaction,
   * in one statement where the database can read the incremented
   * value back: RETURNING on SQLite, LAST_INSERT_ID(expr) on MySQL
   * and MariaDB (the row stays locked until the transaction ends).
   */
  protected async nextNumber(trx: TransactionClientContract): Promise<number> {
    const tenantId = TenantContext.require()
    const dialect = trx.dialect.name
    if (dialect === 'better-sqlite3') {
      const rows = await trx.rawQuery(
        'update tenants set last_ticket_number = last_ticket_number + 1 where id = ? ' +
          'returning last_ticket_number',
        [tenantId]
      )
      if (rows[0]) return Number(rows[0].last_ticket_number)
    }
    if (dialect === 'mysql') {
      const [header] = await trx.rawQuery(
        'update tenants set last_ticket_number = last_insert_id(last_ticket_number + 1) ' +
          'where id = ?',
        [tenantId]
      )
      if (header.affectedRows > 0) return Number(header.insertId)
    }

    /* Any other database, or a tenant row that is missing (throws). */
    await trx.from('tenants').where('id', tenantId).increment('last_ticket_number', 1)
    const tenant = await Tenant.query({ client: trx }).where('id', tenantId).firstOrFail()
    return tenant.lastTicketNumber
  }
}

export default new TicketService()
