import type { ColumnRef, DataClass, DataTable, JoinStep } from '#app/privacy/types'

/**
 * A ticket's own legal hold and its contact's, seen from a table that
 * reaches the ticket through `path`.
 */
function ticketHolds(path: JoinStep[] = []): ColumnRef[] {
  const contact = [...path, { column: 'contact_id', table: 'contacts' }]
  return [
    path.length ? { column: 'legal_hold', via: path } : { column: 'legal_hold' },
    { column: 'legal_hold', via: contact },
  ]
}

const TO_TICKET: JoinStep = { column: 'ticket_id', table: 'tickets' }
const TO_MESSAGE: JoinStep = { column: 'message_id', table: 'messages' }

const messages: DataTable = {
  table: 'messages',
  parent: TO_TICKET,
  links: [{ column: 'contact_id' }, { column: 'ticket_id', in: 'tickets' }],
  personal: {
    from_name: 'name',
    from_address: 'email',
    recipients: 'json',
    subject: 'text',
    body_text: 'text',
    body_html: 'text',
    external_id: 'identifier',
    delivery_error: 'text',
    meta: 'json',
  },
  anonymise: 'scrub',
}

const attachments: DataTable = {
  table: 'attachments',
  parent: TO_MESSAGE,
  links: [{ column: 'message_id', in: 'messages' }],
  personal: { file_name: 'text', content_id: 'identifier', disk_key: 'file' },
  anonymise: 'delete',
  fileName: 'file_name',
}

const inboundMessages: DataTable = {
  table: 'inbound_messages',
  parent: TO_TICKET,
  links: [
    { column: 'id', in: 'messages', via: 'inbound_message_id' },
    { column: 'summary', mentions: 'email' },
  ],
  personal: { summary: 'json', error: 'text', raw_key: 'file' },
  anonymise: 'scrub',
  fileExtension: 'eml',
  fileFolder: 'raw_email',
  fileTitle: (row) => mailSubject(row.summary),
}

/**
 * The subject in an inbound message's header summary (JSON, or its
 * text on SQLite).
 */
function mailSubject(summary: unknown) {
  let value = summary
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return null
    }
  }
  const subject = (value as { subject?: unknown } | null)?.subject
  return typeof subject === 'string' ? subject : null
}

/**
 * The core's personal data: tickets with their thread, attachments,
 * raw inbound payloads and the CRM. Periods and actions follow the
 * seed product's published retention table; `config/privacy.ts`
 * holds the platform maximum.
 */
export const CORE_DATA_CLASSES: DataClass[] = [
  {
    id: 'tickets',
    label: 'retention.classes.tickets',
    retention: {
      period: 'P2Y',
      action: 'archive',
      age: 'last_activity_at',
      holds: ticketHolds(),
      point: { column: 'answering_point_id' },
    },
    tables: [
      {
        table: 'tickets',
        links: [{ column: 'contact_id' }],
        personal: { subject: 'text' },
        anonymise: 'scrub',
      },
      messages,
      attachments,
      {
        table: 'ticket_events',
        parent: TO_TICKET,
        links: [{ column: 'ticket_id', in: 'tickets' }],
        personal: { data: 'history' },
        anonymise: 'scrub',
      },
      { table: 'ticket_tags', parent: TO_TICKET, links: [], personal: {}, anonymise: 'scrub' },
      inboundMessages,
    ],
  },
  {
    id: 'attachments',
    label: 'retention.classes.attachments',
    retention: {
      period: 'P1Y',
      action: 'archive',
      age: 'created_at',
      holds: ticketHolds([TO_MESSAGE, TO_TICKET]),
      point: { column: 'answering_point_id', via: [TO_MESSAGE, TO_TICKET] },
    },
    tables: [attachments],
  },
  {
    id: 'raw_email',
    label: 'retention.classes.raw_email',
    retention: {
      period: 'P3M',
      action: 'delete',
      age: 'received_at',
      pending: { column: 'status', values: ['received', 'held', 'failed'] },
      holds: ticketHolds([TO_TICKET]),
      point: { column: 'answering_point_id' },
      clear: ['raw_key'],
    },
    tables: [{ ...inboundMessages, parent: undefined }],
  },
  {
    id: 'contacts',
    label: 'retention.classes.contacts',
    retention: null,
    tables: [
      {
        table: 'contacts',
        links: [{ column: 'id' }],
        personal: { name: 'name', customer_number: 'identifier', notes: 'text' },
        anonymise: 'scrub',
      },
      {
        table: 'contact_identities',
        parent: { column: 'contact_id', table: 'contacts' },
        links: [{ column: 'contact_id' }],
        personal: { value: 'identifier' },
        anonymise: 'delete',
      },
    ],
  },
  {
    id: 'organisations',
    label: 'retention.classes.organisations',
    retention: null,
    tables: [
      {
        table: 'organisations',
        /* A company, not a person: exported with its contacts, never
           anonymised on one person's request. */
        links: [],
        personal: { name: 'name', domain: 'identifier', notes: 'text' },
        anonymise: 'scrub',
      },
    ],
  },
]
