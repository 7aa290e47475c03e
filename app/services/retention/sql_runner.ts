import config from '@adonisjs/core/services/config'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { isAbsolute } from 'node:path'
import app from '@adonisjs/core/services/app'

export type Binding = string | number | null

/**
 * Plain SQL on the production connection, the same text on SQLite and
 * MySQL/MariaDB (backtick identifiers, `?` placeholders), with the
 * archive database reachable from the same statements when it can be:
 * attached as `archive` to the SQLite connection, or as a second
 * database on the same MySQL server. Retention moves records with
 * set-based `REPLACE INTO archive... SELECT` statements through it.
 */
export interface SqlRunner {
  dialect: 'sqlite' | 'mysql'
  /* Qualifier of archive tables in production statements, or null
     when the archive lives elsewhere (rows are then copied). */
  archive: string | null
  all<T = Record<string, unknown>>(sql: string, bindings?: Binding[]): Promise<T[]>
  /* Runs a statement; the number of rows it changed. */
  run(sql: string, bindings?: Binding[]): Promise<number>
  /* Runs `fn` in one transaction on this runner. */
  transaction<T>(fn: () => Promise<T>): Promise<T>
}

/**
 * Runs `fn` with a runner holding the production connection. On
 * SQLite it holds the one pooled connection, so no other query
 * interleaves; `noForeignKeys` turns foreign-key enforcement off for
 * its duration (retention deletes children before parents itself, and
 * SQLite would otherwise scan child tables without a leading index).
 */
export async function withSqlRunner<T>(
  fn: (runner: SqlRunner) => Promise<T>,
  options: { noForeignKeys?: boolean } = {}
): Promise<T> {
  const client = db.connection()
  if (client.dialect.name === 'mysql') return fn(mysqlRunner(client))
  return withSqlite(client, fn, options.noForeignKeys ?? false)
}

async function withSqlite<T>(
  client: QueryClientContract,
  fn: (runner: SqlRunner) => Promise<T>,
  noForeignKeys: boolean
) {
  const knexClient = (client.getWriteClient() as any).client
  const conn = await knexClient.acquireConnection()
  try {
    attachArchive(conn)
    if (noForeignKeys) conn.pragma('foreign_keys = OFF')
    let depth = 0
    const runner: SqlRunner = {
      dialect: 'sqlite',
      archive: '`archive`',
      async all(sql, bindings = []) {
        return conn.prepare(sql).all(...bindings)
      },
      async run(sql, bindings = []) {
        return conn.prepare(sql).run(...bindings).changes
      },
      async transaction(work) {
        if (depth > 0) return work()
        depth++
        conn.exec('BEGIN IMMEDIATE')
        try {
          const result = await work()
          conn.exec('COMMIT')
          return result
        } catch (error) {
          if (conn.inTransaction) conn.exec('ROLLBACK')
          throw error
        } finally {
          depth--
        }
      },
    }
    return await fn(runner)
  } finally {
    if (noForeignKeys) conn.pragma('foreign_keys = ON')
    await knexClient.releaseConnection(conn)
  }
}

/**
 * Attaches the archive file to a pooled SQLite connection once.
 */
function attachArchive(conn: any) {
  const attached = conn.prepare('PRAGMA database_list').all()
  if (attached.some((row: { name: string }) => row.name === 'archive')) return
  const file = config.get<string>('database.connections.archive.connection.filename')
  conn.prepare('ATTACH DATABASE ? AS archive').run(isAbsolute(file) ? file : app.makePath(file))
  conn.pragma('archive.journal_mode = WAL')
  conn.pragma('archive.synchronous = NORMAL')
}

function mysqlRunner(client: QueryClientContract): SqlRunner {
  const main = config.get<any>('database.connections.mysql.connection')
  const archive = config.get<any>('database.connections.archive.connection')
  const sameServer =
    (archive.host ?? '') === (main.host ?? '') && (archive.port ?? '') === (main.port ?? '')
  let current: QueryClientContract = client
  return {
    dialect: 'mysql',
    archive: sameServer ? `\`${archive.database}\`` : null,
    async all(sql, bindings = []) {
      const [rows] = await current.rawQuery(sql, bindings as any[])
      return rows
    },
    async run(sql, bindings = []) {
      const [result] = await current.rawQuery(sql, bindings as any[])
      return result.affectedRows ?? 0
    },
    async transaction(work) {
      if (current !== client) return work()
      return client.transaction(async (trx) => {
        current = trx
        try {
          return await work()
        } finally {
          current = client
        }
      })
    },
  }
}

/**
 * A table's columns on a connection, read once.
 */
const columnCache = new Map<string, string[]>()

export async function tableColumns(table: string, connection?: string) {
  const key = `${connection ?? 'default'}:${table}`
  let columns = columnCache.get(key)
  if (!columns) {
    columns = Object.keys(await db.connection(connection).columnsInfo(table))
    columnCache.set(key, columns)
  }
  return columns
}
