/**
 * How the data-subject engine finds and treats one person's rows in a
 * table. Each data class names its table (the same name in production
 * and archive), how its rows link to the person, which columns hold
 * personal data, and whether anonymisation keeps the row (scrub) or
 * removes it (delete).
 */

/**
 * What a personal column holds, which decides its anonymised value:
 * - name: a person's name, becomes "Anonymised contact #<id>"
 * - email, phone, identifier: becomes null
 * - text: free text, becomes "[anonymised]"
 * - json: every string inside becomes "[anonymised]"
 * - history: free text and strings that mention the person become
 *   "[anonymised]"; codes such as statuses and channels stay
 * - file: a storage key; the file is exported, then deleted
 */
export type PersonalKind =
  'name' | 'email' | 'phone' | 'identifier' | 'text' | 'json' | 'history' | 'file'

/**
 * One way a row belongs to the person; a row matching any is theirs.
 * - `{ column: 'contact_id' }`: the column holds the contact id
 * - `{ column, in: 'tickets' }`: the column holds the id of a row of
 *   another class that belongs to the person
 * - `{ column: 'id', in: 'messages', via: 'inbound_message_id' }`: the
 *   row is named by that column of the other class's rows
 * - `{ column, mentions: 'email' }`: the column's text contains one of
 *   the person's identities of that type
 */
export type SubjectLink =
  | { column: string }
  | { column: string; in: string; via?: string }
  | { column: string; mentions: 'email' | 'phone' }

/**
 * One data class as the data-subject engine uses it.
 */
export interface SubjectClass {
  id: string
  table: string
  links: SubjectLink[]
  personal: Record<string, PersonalKind>
  anonymise: 'scrub' | 'delete'
  /* Column naming a file for the bundle, when the class holds files. */
  fileName?: string
  /* Extension of the bundle's copies of files without a name. */
  fileExtension?: string
}

/**
 * The core's own classes: the CRM, tickets and their messages.
 */
export const CORE_SUBJECT_CLASSES: SubjectClass[] = [
  {
    id: 'contacts',
    table: 'contacts',
    links: [{ column: 'id' }],
    personal: { name: 'name', customer_number: 'identifier', notes: 'text' },
    anonymise: 'scrub',
  },
  {
    id: 'contact_identities',
    table: 'contact_identities',
    links: [{ column: 'contact_id' }],
    personal: { value: 'identifier' },
    anonymise: 'delete',
  },
  {
    id: 'tickets',
    table: 'tickets',
    links: [{ column: 'contact_id' }],
    personal: { subject: 'text' },
    anonymise: 'scrub',
  },
  {
    id: 'messages',
    table: 'messages',
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
  },
  {
    id: 'attachments',
    table: 'attachments',
    links: [{ column: 'message_id', in: 'messages' }],
    personal: { file_name: 'text', content_id: 'identifier', disk_key: 'file' },
    anonymise: 'delete',
    fileName: 'file_name',
  },
  {
    id: 'inbound_messages',
    table: 'inbound_messages',
    links: [
      { column: 'id', in: 'messages', via: 'inbound_message_id' },
      { column: 'summary', mentions: 'email' },
    ],
    personal: { summary: 'json', error: 'text', raw_key: 'file' },
    anonymise: 'scrub',
    fileExtension: 'eml',
  },
  {
    id: 'ticket_events',
    table: 'ticket_events',
    links: [{ column: 'ticket_id', in: 'tickets' }],
    personal: { data: 'history' },
    anonymise: 'scrub',
  },
]
