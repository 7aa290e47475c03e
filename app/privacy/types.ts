/**
 * The data-class contract: how the core and every plugin declare the
 * personal data they store, so one retention engine and one
 * data-subject engine can treat all of it alike.
 *
 * A data class is one kind of record with one retention rule (the
 * rows of the published retention table): a root table whose rows
 * age, the child tables that go with each root row, the files they
 * name and the columns that hold personal data.
 */

/**
 * What a personal column holds, which decides its anonymised value:
 * - name: a person's name
 * - email, phone, identifier: an address or id, becomes null
 * - text: free text
 * - json: every string inside is replaced
 * - history: strings that mention the person are replaced
 * - file: a storage key; the file is exported, moved or deleted
 */
export type PersonalKind =
  'name' | 'email' | 'phone' | 'identifier' | 'text' | 'json' | 'history' | 'file'

/**
 * One way a row belongs to a person (the data-subject engine); a row
 * matching any of its table's links is theirs.
 * - `{ column: 'contact_id' }`: the column holds the contact id
 * - `{ column, in: 'tickets' }`: the column holds the id of a row of
 *   another table that belongs to the person
 * - `{ column: 'id', in: 'messages', via: 'inbound_message_id' }`:
 *   the row is named by that column of the other table's rows
 * - `{ column, mentions: 'email' }`: the column's text contains one
 *   of the person's identities of that type
 */
export type SubjectLink =
  | { column: string }
  | { column: string; in: string; via?: string }
  | { column: string; mentions: 'email' | 'phone' }

/**
 * One join step: `column` of the current table holds the id of a row
 * of `table`.
 */
export interface JoinStep {
  column: string
  table: string
}

/**
 * A column reached from the root table, directly or through joins
 * (`{ via: [{ column: 'ticket_id', table: 'tickets' }], column:
 * 'legal_hold' }` is the ticket's legal hold).
 */
export interface ColumnRef {
  column: string
  via?: JoinStep[]
}

/**
 * One table of a data class. The first table of a class is its root;
 * every other table names its parent, so the engine can move a root
 * row with all of its children in set-based statements.
 */
export interface DataTable {
  table: string
  /* How a child row hangs off its parent (absent on the root). */
  parent?: JoinStep
  /* How a row belongs to a person, for export and anonymisation. */
  links: SubjectLink[]
  /* Columns holding personal data, and of what kind. */
  personal: Record<string, PersonalKind>
  /* Anonymising a person keeps the row with scrubbed columns, or
     removes it. */
  anonymise: 'scrub' | 'delete'
  /* Column naming a file for the export bundle. */
  fileName?: string
  /* Extension for exported files without a name. */
  fileExtension?: string
  /* Folder of the files in the export bundle (default: the table). */
  fileFolder?: string
  /* A readable title for a file without a name column, e.g. a raw
     email's subject; the bundle names the file after it. */
  fileTitle?: (row: Record<string, unknown>) => string | null | undefined
}

/**
 * What happens to a record when its retention period ends.
 */
export type RetentionAction = 'archive' | 'delete' | 'anonymise'

/**
 * When a class's records expire and what is done to them.
 */
export interface RetentionRule {
  /* ISO 8601 duration (`P2Y`, `P3M`); null: kept while in use and
     removed on request. The platform config may shorten it. */
  period: string | null
  action: RetentionAction
  /* Root column whose value is the record's age. */
  age: string
  /* Rows that are never expired while a column has one of these
     values (a failed email's raw source until it is resolved); admins
     are warned before such a row passes its period. */
  pending?: { column: string; values: string[] }
  /* Boolean columns that exempt a record (legal hold). */
  holds?: ColumnRef[]
  /* Column naming the answering point, for per-point shortening. */
  point?: ColumnRef
  /* For `delete`: clear only these columns (and the files they name)
     and keep the rows. */
  clear?: string[]
}

/**
 * Special cases a declaration cannot express. Each is optional and
 * runs inside the tenant's context.
 */
export interface DataClassHooks {
  /* Called with the root ids after a batch was archived, deleted or
     anonymised. */
  afterBatch?(input: {
    tenantId: number
    action: RetentionAction
    ids: number[]
  }): void | Promise<void>
}

/**
 * One declared data class.
 */
export interface DataClass {
  id: string
  /* Translation key of the class's name. */
  label: string
  retention: RetentionRule | null
  /* Root first, then children after their parents. Empty for classes
     whose records do not exist yet (call logs before telephony). */
  tables: DataTable[]
  hooks?: DataClassHooks
}

/**
 * A data class with the module that declared it (`core` or a plugin
 * id).
 */
export interface RegisteredDataClass extends DataClass {
  owner: string
}
