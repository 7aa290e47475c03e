import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import type { DateTime } from 'luxon'
import { sqlTime } from '#services/retention/clock'

/**
 * What a seeded old ticket looks like.
 */
export interface OldTicketSeed {
  at: DateTime
  messages?: number
  answeringPointId?: number | null
  contactId?: number | null
  legalHold?: boolean
  /* Store an attachment (with its file) on the first message. */
  attachment?: boolean
  /* Store the first message's raw source with this inbound status. */
  raw?: 'processed' | 'failed' | 'held'
}

let nextNumber = 1_000_000

/**
 * Inserts a ticket whose thread happened at `at`: messages, an event,
 * a tag, and optionally an attachment and a raw source with files.
 * Rows are written directly so tests control every timestamp.
 */
export async function seedOldTicket(tenantId: number, seed: OldTicketSeed) {
  const at = sqlTime(seed.at)
  const [ticketId] = await db.table('tickets').insert({
    tenant_id: tenantId,
    number: nextNumber++,
    subject: 'Gammalt ärende',
    status: 'closed',
    priority: 'normal',
    channel: 'email',
    answering_point_id: seed.answeringPointId ?? null,
    contact_id: seed.contactId ?? null,
    legal_hold: seed.legalHold ?? false,
    last_activity_at: at,
    created_at: at,
    updated_at: at,
  })
  let inboundId: number | null = null
  let rawKey: string | null = null
  if (seed.raw) {
    rawKey = `t${tenantId}/raw/${randomUUID()}`
    await drive.use('fs').put(rawKey, Buffer.from('From: kund@example.se\r\n\r\nHej'))
    ;[inboundId] = await db.table('inbound_messages').insert({
      tenant_id: tenantId,
      channel: 'email',
      source: 'imap',
      source_key: randomUUID(),
      content_hash: randomUUID(),
      raw_key: rawKey,
      size: 30,
      status: seed.raw,
      summary: JSON.stringify({ from: 'kund@example.se' }),
      answering_point_id: seed.answeringPointId ?? null,
      ticket_id: seed.raw === 'processed' ? ticketId : null,
      received_at: at,
    })
  }
  const messageIds: number[] = []
  for (let index = 0; index < (seed.messages ?? 2); index++) {
    const [id] = await db.table('messages').insert({
      tenant_id: tenantId,
      ticket_id: ticketId,
      type: index === 0 ? 'inbound' : 'outbound',
      channel: 'email',
      contact_id: seed.contactId ?? null,
      inbound_message_id: index === 0 ? inboundId : null,
      from_name: 'Kund',
      from_address: 'kund@example.se',
      body_text: `Meddelande ${index}`,
      created_at: at,
      updated_at: at,
    })
    messageIds.push(id)
  }
  let attachmentKey: string | null = null
  if (seed.attachment) {
    attachmentKey = `t${tenantId}/attachments/${randomUUID()}`
    await drive.use('fs').put(attachmentKey, Buffer.from('bilaga'))
    await db.table('attachments').insert({
      tenant_id: tenantId,
      message_id: messageIds[0],
      file_name: 'bilaga.txt',
      content_type: 'text/plain',
      size: 6,
      disk_key: attachmentKey,
      created_at: at,
    })
  }
  await db.table('ticket_events').insert({
    tenant_id: tenantId,
    ticket_id: ticketId,
    action: 'status',
    data: JSON.stringify({ from: 'open', to: 'closed' }),
    created_at: at,
  })
  return { ticketId, messageIds, inboundId, rawKey, attachmentKey }
}

/**
 * Counts of a tenant's rows in a table, in production or the archive.
 */
export async function countRows(table: string, tenantId: number, connection?: string) {
  const [row] = await db
    .connection(connection)
    .from(table)
    .where('tenant_id', tenantId)
    .count('* as total')
  return Number(row.total)
}
