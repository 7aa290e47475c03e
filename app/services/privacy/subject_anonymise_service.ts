import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import i18nManager from '@adonisjs/i18n/services/main'
import PrivacyRequest from '#models/privacy_request'
import Tenant from '#models/tenant'
import privacyRequests from '#services/privacy/privacy_request_service'
import { TenantContext } from '#services/tenant_context'
import type { PersonalKind, SubjectClass } from '#services/privacy/subject_classes'
import subjectData, {
  STORES,
  diskOf,
  type ClassRows,
  type Row,
  type Store,
  type SubjectRecords,
} from '#services/privacy/subject_data_service'

/**
 * What replaces a person's data, in the tenant's default language:
 * free text and the contact's name.
 */
export interface Placeholders {
  text: string
  name: (contactId: number) => string
}

/** Rows per statement when scrubbing or deleting in bulk. */
const CHUNK = 2000

/**
 * The placeholders in the current tenant's default language, as the
 * tenant's users will read them.
 */
export async function placeholders(): Promise<Placeholders> {
  const tenant = await Tenant.findOrFail(TenantContext.require())
  const i18n = i18nManager.locale(tenant.defaultLocale)
  return {
    text: i18n.t('privacy.placeholders.text'),
    name: (id) => i18n.t('privacy.placeholders.contact', { id }),
  }
}

/**
 * Anonymises one person everywhere: every class in production and
 * archive, their files and their export bundles. Rows of tickets and
 * messages stay (with neutral text), so statistics keep their counts.
 */
export class SubjectAnonymiseService {
  /**
   * Anonymises the contact and returns the rows touched per class
   * (`<class>` scrubbed or deleted, `files` deleted).
   */
  async anonymise(contactId: number) {
    TenantContext.require()
    const records = await subjectData.collect(contactId)
    const needles = personalValues(records)
    const words = await placeholders()
    const counts: Record<string, number> = {}

    /* Files first: a failure leaves the rows that name them. */
    counts.files = 0
    for (const store of STORES) {
      const files = new Set<string>()
      for (const { dataClass, rows } of records.classes) {
        for (const column of columnsOf(dataClass, 'file')) {
          rows[store].forEach((row) => row[column] && files.add(row[column]))
        }
      }
      for (const key of files) await diskOf(store).delete(key)
      counts.files += files.size
    }

    /* Children before parents, so deletes never meet a foreign key. */
    for (const classRows of [...records.classes].reverse()) {
      let touched = 0
      for (const store of STORES) {
        touched += await this.#anonymiseRows(store, classRows, contactId, needles, words)
      }
      counts[classRows.dataClass.id] = touched
    }

    counts.bundles = await this.#dropBundles(contactId)
    await this.#checkpoint()
    logger.info({ contactId, counts }, 'contact anonymised')
    return counts
  }

  /**
   * Scrubs or deletes one class's rows in one store.
   */
  async #anonymiseRows(
    store: Store,
    { dataClass, rows }: ClassRows,
    contactId: number,
    needles: string[],
    words: Placeholders
  ) {
    const list = rows[store]
    if (!list.length) return 0
    const client = db.connection(store === 'archive' ? 'archive' : undefined)
    const ids = list.map((row) => row.id)

    if (dataClass.anonymise === 'delete') {
      for (let at = 0; at < ids.length; at += CHUNK) {
        await client
          .from(dataClass.table)
          .whereIn('id', ids.slice(at, at + CHUNK))
          .delete()
      }
      return ids.length
    }

    await client.transaction(async (trx) => {
      await this.#scrubFixed(trx, dataClass, ids, contactId, words)
      await this.#scrubEach(trx, dataClass, list, needles, words.text)
    })
    return ids.length
  }

  /**
   * Columns whose anonymised value is the same on every row, in one
   * statement per chunk of rows.
   */
  async #scrubFixed(
    trx: QueryClientContract,
    dataClass: SubjectClass,
    ids: unknown[],
    contactId: number,
    words: Placeholders
  ) {
    const values: Row = {}
    for (const [column, kind] of Object.entries(dataClass.personal)) {
      const value = fixedValue(kind, contactId, words)
      if (value === undefined) continue
      /* Empty text stays empty: no placeholder where nothing was. */
      values[column] =
        kind === 'text'
          ? trx.raw('CASE WHEN ?? IS NULL THEN NULL ELSE ? END', [column, words.text])
          : value
    }
    if (!Object.keys(values).length) return
    for (let at = 0; at < ids.length; at += CHUNK) {
      await trx
        .from(dataClass.table)
        .whereIn('id', ids.slice(at, at + CHUNK) as number[])
        .update(values)
    }
  }

  /**
   * JSON and history columns, rewritten row by row (only rows that
   * have something to change).
   */
  async #scrubEach(
    trx: QueryClientContract,
    dataClass: SubjectClass,
    rows: Row[],
    needles: string[],
    redacted: string
  ) {
    const columns = Object.entries(dataClass.personal).filter(
      ([, kind]) => kind === 'json' || kind === 'history'
    )
    if (!columns.length) return
    for (const row of rows) {
      const values: Row = {}
      for (const [column, kind] of columns) {
        const before = parseJson(row[column])
        if (before === null || before === undefined) continue
        const after =
          kind === 'json' ? redactAll(before, redacted) : redactMentions(before, needles, redacted)
        const text = JSON.stringify(after)
        if (text !== JSON.stringify(before)) values[column] = text
      }
      if (Object.keys(values).length) {
        await trx.from(dataClass.table).where('id', row.id).update(values)
      }
    }
  }

  /**
   * Deletes the person's export bundles: they are personal data too.
   */
  async #dropBundles(contactId: number) {
    const requests = await PrivacyRequest.query()
      .where('contact_id', contactId)
      .whereNotNull('bundle_key')
    for (const request of requests) await privacyRequests.dropBundle(request)
    return requests.length
  }

  /**
   * On SQLite, moves the write-ahead log into the database file, whose
   * freed pages secure delete has zeroed, so no old text stays behind
   * in the log.
   */
  async #checkpoint() {
    for (const name of [undefined, 'archive']) {
      const client = db.connection(name)
      if (client.dialect.name !== 'better-sqlite3') continue
      await client.rawQuery('PRAGMA wal_checkpoint(TRUNCATE)')
    }
  }
}

/**
 * The value every row gets for a column of this kind, or undefined
 * when the value depends on the row.
 */
function fixedValue(kind: PersonalKind, contactId: number, words: Placeholders) {
  switch (kind) {
    case 'name':
      return words.name(contactId)
    case 'email':
    case 'phone':
    case 'identifier':
    case 'file':
      return null
    case 'text':
      return words.text
    default:
      return undefined
  }
}

function columnsOf(dataClass: SubjectClass, kind: PersonalKind) {
  return Object.entries(dataClass.personal)
    .filter(([, columnKind]) => columnKind === kind)
    .map(([column]) => column)
}

/**
 * The person's short identifying values (names, addresses, numbers,
 * subjects), looked for in history entries.
 */
function personalValues(records: SubjectRecords) {
  const values = new Set(records.identities.map((identity) => identity.value))
  for (const { dataClass, rows } of records.classes) {
    const columns = Object.entries(dataClass.personal)
      .filter(([, kind]) => ['name', 'email', 'phone', 'identifier', 'text'].includes(kind))
      .map(([column]) => column)
    for (const store of STORES) {
      for (const row of rows[store]) {
        for (const column of columns) {
          const value = row[column]
          if (typeof value === 'string' && value.length >= 3 && value.length <= 998) {
            values.add(value)
          }
        }
      }
    }
  }
  return [...values].map((value) => value.toLowerCase())
}

/**
 * A JSON column's value as data; SQLite returns the text.
 */
export function parseJson(value: unknown) {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

/**
 * Replaces every string inside a JSON value.
 */
function redactAll(value: unknown, redacted: string): unknown {
  if (typeof value === 'string') return redacted
  if (Array.isArray(value)) return value.map((item) => redactAll(item, redacted))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactAll(item, redacted)])
    )
  }
  return value
}

/**
 * A value history keeps: a machine code such as a status, priority or
 * channel, never free text.
 */
const CODE = /^[a-z0-9_.:-]{1,32}$/

/**
 * Replaces the strings inside a history entry that mention the person
 * or are free text; codes (statuses, channels) stay for statistics.
 */
function redactMentions(value: unknown, needles: string[], redacted: string): unknown {
  if (typeof value === 'string') {
    const text = value.toLowerCase()
    if (!CODE.test(value)) return redacted
    return needles.some((needle) => text.includes(needle)) ? redacted : value
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactMentions(item, needles, redacted))
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactMentions(item, needles, redacted)])
    )
  }
  return value
}

export default new SubjectAnonymiseService()
