import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import ContactIdentity from '#models/contact_identity'
import { TenantContext } from '#services/tenant_context'
import { subjectClasses } from '#services/privacy/subject_registry'
import type { SubjectClass, SubjectLink } from '#services/privacy/subject_classes'

/**
 * Where rows live: the production database or the archive.
 */
export type Store = 'production' | 'archive'
export const STORES: Store[] = ['production', 'archive']

/**
 * The drive disk holding the files of a store's rows: retention moves
 * archived rows' files to the `archive` disk under the same keys.
 */
export function diskOf(store: Store) {
  return drive.use(store === 'archive' ? 'archive' : undefined)
}

export type Row = Record<string, any>

/**
 * One class's rows of the person, per store.
 */
export interface ClassRows {
  dataClass: SubjectClass
  rows: Record<Store, Row[]>
}

/**
 * Everything the platform holds on one contact, class by class.
 */
export interface SubjectRecords {
  contactId: number
  identities: { type: string; value: string }[]
  classes: ClassRows[]
}

/** Bound parameters per statement, well under every database's limit. */
const CHUNK = 5000

/**
 * Finds every row linked to one contact in every data class, in the
 * production database and in the archive.
 */
export class SubjectDataService {
  /**
   * Reads the person's rows of every class, parents before children,
   * so a child class can follow the ids of its parent's rows in both
   * stores (an archived attachment of a message still in production).
   */
  async collect(contactId: number): Promise<SubjectRecords> {
    const tenantId = TenantContext.require()
    const identities = await this.#identities(contactId)
    const found = new Map<string, ClassRows>()
    const tables = await this.#tables()

    for (const dataClass of ordered(await subjectClasses())) {
      const rows = { production: [] as Row[], archive: [] as Row[] }
      for (const store of STORES) {
        if (!tables[store].has(dataClass.table)) continue
        const client = db.connection(store === 'archive' ? 'archive' : undefined)
        rows[store] = await this.#rowsOf(client, tenantId, dataClass, {
          contactId,
          identities,
          found,
        })
      }
      found.set(dataClass.id, { dataClass, rows })
    }

    return { contactId, identities, classes: [...found.values()] }
  }

  /**
   * The contact's identities from production and archive.
   */
  async #identities(contactId: number) {
    const rows = await ContactIdentity.query()
      .where('contact_id', contactId)
      .select('type', 'value')
    return rows.map((row) => ({ type: row.type, value: row.value }))
  }

  /**
   * The tables present in each store; the archive may lack a class's
   * table until retention first moves rows of it.
   */
  async #tables(): Promise<Record<Store, Set<string>>> {
    const list = async (name?: string) => {
      try {
        return new Set(await db.connection(name).getAllTables())
      } catch {
        return new Set<string>()
      }
    }
    const [production, archive] = await Promise.all([list(), list('archive')])
    return { production, archive }
  }

  /**
   * The rows of one class and store matching any of its links. Links
   * to a parent class take the parent's ids found in both stores.
   */
  async #rowsOf(
    client: QueryClientContract,
    tenantId: number,
    dataClass: SubjectClass,
    context: {
      contactId: number
      identities: SubjectRecords['identities']
      found: Map<string, ClassRows>
    }
  ) {
    const byId = new Map<unknown, Row>()
    const add = (rows: Row[]) => rows.forEach((row) => byId.set(row.id ?? byId.size, row))
    const base = () => client.from(dataClass.table).where('tenant_id', tenantId)

    for (const link of dataClass.links) {
      if ('in' in link) {
        const values = parentValues(context.found.get(link.in), link)
        for (let at = 0; at < values.length; at += CHUNK) {
          add(await base().whereIn(link.column, values.slice(at, at + CHUNK)))
        }
      } else if ('mentions' in link) {
        const needles = context.identities
          .filter((identity) => identity.type === link.mentions)
          .map((identity) => identity.value)
        if (!needles.length) continue
        add(
          await base().where((query) => {
            for (const needle of needles) {
              query.orWhereRaw('?? LIKE ? ESCAPE ?', [link.column, likeAny(needle), '!'])
            }
          })
        )
      } else {
        add(await base().where(link.column, context.contactId))
      }
    }
    return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id))
  }
}

/**
 * The values a child link looks for: the ids of the parent's rows, or
 * the values of the parent's `via` column.
 */
function parentValues(parent: ClassRows | undefined, link: { via?: string }) {
  if (!parent) return []
  const column = link.via ?? 'id'
  const values = new Set<unknown>()
  for (const store of STORES) {
    for (const row of parent.rows[store]) {
      if (row[column] !== null && row[column] !== undefined) values.add(row[column])
    }
  }
  return [...values] as (string | number)[]
}

/**
 * Classes in an order where every parent comes before its children.
 */
export function ordered(classes: SubjectClass[]) {
  const byId = new Map(classes.map((dataClass) => [dataClass.id, dataClass]))
  const done = new Set<string>()
  const result: SubjectClass[] = []
  const visit = (dataClass: SubjectClass, path: string[]) => {
    if (done.has(dataClass.id)) return
    if (path.includes(dataClass.id)) {
      throw new Error(`data class links form a cycle: ${[...path, dataClass.id].join(' > ')}`)
    }
    for (const link of dataClass.links as SubjectLink[]) {
      const parent = 'in' in link ? byId.get(link.in) : undefined
      if (parent) visit(parent, [...path, dataClass.id])
    }
    done.add(dataClass.id)
    result.push(dataClass)
  }
  classes.forEach((dataClass) => visit(dataClass, []))
  return result
}

/**
 * A LIKE pattern matching the text anywhere, with `!` as escape.
 */
function likeAny(text: string) {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`
}

export default new SubjectDataService()
