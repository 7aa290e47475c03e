import type { Binding } from '#services/retention/sql_runner'
import type { ColumnRef, DataClass, DataTable, JoinStep, RetentionRule } from '#app/privacy/types'

/**
 * Quotes an identifier for both databases (SQLite accepts backticks).
 */
export function q(name: string) {
  return `\`${name.replaceAll('`', '``')}\``
}

/**
 * A SQL fragment with its bindings.
 */
export interface Fragment {
  sql: string
  bindings: Binding[]
}

/**
 * Which answering points a pass of the engine covers: one point with
 * its own (shorter) period, or every other row.
 */
export type PointScope = { point: number } | { except: number[] }

/**
 * The statements retention needs for one data class, compiled from
 * its declaration: which root rows are due, and which rows of each
 * table belong to a batch of root ids.
 */
export class RetentionPlan {
  readonly root: DataTable
  readonly rule: RetentionRule

  constructor(readonly dataClass: DataClass & { retention: RetentionRule }) {
    this.root = dataClass.tables[0]
    this.rule = dataClass.retention
  }

  /**
   * Root ids due for the action: older than the cutoff, past the
   * cursor, not on hold and not pending, in the point scope; in id
   * order, at most `limit`.
   */
  due(input: {
    tenantId: number
    cutoff: string
    after: number
    scope: PointScope
    limit: number
  }): Fragment {
    const joins = new Joins(this.root.table)
    const where: string[] = [`r.${q('tenant_id')} = ?`, `r.${q('id')} > ?`]
    const bindings: Binding[] = [input.tenantId, input.after]
    where.push(`r.${q(this.rule.age)} < ?`)
    bindings.push(input.cutoff)
    if (this.rule.pending) {
      const values = this.rule.pending.values
      where.push(`r.${q(this.rule.pending.column)} not in (${marks(values.length)})`)
      bindings.push(...values)
    }
    for (const column of this.rule.clear ?? []) {
      where.push(`r.${q(column)} is not null`)
    }
    for (const hold of this.rule.holds ?? []) {
      where.push(`coalesce(${joins.column(hold)}, 0) = 0`)
    }
    if (this.rule.point) {
      const point = joins.column(this.rule.point)
      if ('point' in input.scope) {
        where.push(`${point} = ?`)
        bindings.push(input.scope.point)
      } else if (input.scope.except.length) {
        where.push(`(${point} is null or ${point} not in (${marks(input.scope.except.length)}))`)
        bindings.push(...input.scope.except)
      }
    }
    return {
      sql:
        `select r.${q('id')} as id from ${q(this.root.table)} r ${joins.sql()} ` +
        `where ${where.join(' and ')} order by r.${q('id')} limit ${Number(input.limit)}`,
      bindings,
    }
  }

  /**
   * The rows of one of the class's tables that belong to a batch of
   * root ids, as a condition on that table (unaliased).
   */
  membership(table: DataTable, tenantId: number, ids: number[]): Fragment {
    if (table === this.root) {
      return { sql: `${q('id')} in (${marks(ids.length)})`, bindings: ids }
    }
    const parent = this.#table(table.parent!.table)
    const inner = this.membership(parent, tenantId, ids)
    return {
      sql:
        `${q('tenant_id')} = ? and ${q(table.parent!.column)} in ` +
        `(select ${q('id')} from ${q(parent.table)} where ${inner.sql})`,
      bindings: [tenantId, ...inner.bindings],
    }
  }

  /**
   * Columns of a table that name stored files.
   */
  fileColumns(table: DataTable) {
    return Object.entries(table.personal)
      .filter(([, kind]) => kind === 'file')
      .map(([column]) => column)
  }

  /**
   * The tables children first, the order rows are deleted in.
   */
  deleteOrder() {
    return [...this.dataClass.tables].reverse()
  }

  #table(name: string) {
    const found = this.dataClass.tables.find((table) => table.table === name)
    if (!found) {
      throw new Error(`Data class "${this.dataClass.id}": no table "${name}" for a parent`)
    }
    return found
  }
}

/**
 * Left joins from the root along declared paths, one alias per
 * distinct path.
 */
class Joins {
  #aliases = new Map<string, string>()
  #clauses: string[] = []

  constructor(protected rootTable: string) {}

  /**
   * The qualified column a reference names, adding its joins.
   */
  column(ref: ColumnRef) {
    let alias = 'r'
    let path = ''
    for (const step of ref.via ?? []) {
      path += `/${step.column}>${step.table}`
      alias = this.#join(path, alias, step)
    }
    return `${alias}.${q(ref.column)}`
  }

  sql() {
    return this.#clauses.join(' ')
  }

  #join(path: string, from: string, step: JoinStep) {
    const known = this.#aliases.get(path)
    if (known) return known
    const alias = `j${this.#aliases.size + 1}`
    this.#aliases.set(path, alias)
    this.#clauses.push(
      `left join ${q(step.table)} ${alias} on ${alias}.${q('id')} = ${from}.${q(step.column)}`
    )
    return alias
  }
}

/**
 * `?, ?, ?` for a list of bindings.
 */
export function marks(count: number) {
  return Array.from({ length: count }, () => '?').join(', ')
}
