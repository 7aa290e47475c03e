import db from '@adonisjs/lucid/services/db'

/**
 * Tables the framework keeps for itself; they hold no tenant data.
 */
const INTERNAL = /^(adonis_schema|adonis_schema_versions|sqlite_.*|knex_.*)$/

/**
 * The tables of a connection (production or archive), read from the
 * database itself so new plugin tables are never missed.
 */
export async function allTables(connection?: string) {
  const tables = await db.connection(connection).getAllTables()
  return tables.filter((name) => !INTERNAL.test(name)).sort()
}

/**
 * The tables of a connection that carry a `tenant_id` column.
 */
export async function tenantTables(connection?: string) {
  const client = db.connection(connection)
  const found: string[] = []
  for (const table of await allTables(connection)) {
    const columns = await client.columnsInfo(table)
    if ('tenant_id' in columns) found.push(table)
  }
  return found
}
