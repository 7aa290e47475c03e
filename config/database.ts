import { mkdirSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import { pluginSubPaths } from '#plugin_host/discovery'

/**
 * Core migrations first, then each plugin's, in plugin id order.
 */
const migrationPaths = [
  'database/migrations',
  ...pluginSubPaths(app.appRoot, 'database/migrations'),
]

/**
 * The archive's tables: the core's, then each plugin's.
 */
const archiveMigrationPaths = [
  'database/archive_migrations',
  ...pluginSubPaths(app.appRoot, 'database/archive_migrations'),
]

/**
 * SQLite pragmas applied to every pooled connection: WAL for
 * concurrent readers, foreign keys on, and secure delete so freed
 * pages keep no old personal data.
 */
function sqlitePragmas(conn: any, done: (err: Error | null, conn: any) => void) {
  conn.pragma('journal_mode = WAL')
  conn.pragma('synchronous = NORMAL')
  conn.pragma('foreign_keys = ON')
  conn.pragma('secure_delete = ON')
  conn.pragma('busy_timeout = 5000')
  /* Fresh planner statistics (bounded work, per SQLite's advice for
     long-lived connections): without them an `id IN (...)` page
     lookup may scan a tenant index instead. */
  conn.pragma('optimize = 0x10002')
  reusePreparedStatements(conn)
  done(null, conn)
}

/**
 * Keeps the last prepared statements of a connection for reuse: knex
 * prepares every query anew, which costs about as much as running a
 * short statement. knex runs each statement to completion at once
 * (`all` or `run`), so sharing one is safe. Schema changes empty the
 * cache (SQLite would re-prepare stale statements itself anyway), and
 * savepoints, named anew each time, are not kept.
 */
function reusePreparedStatements(conn: any, size = 300) {
  const prepare = conn.prepare.bind(conn)
  const statements = new Map<string, unknown>()
  conn.prepare = (sql: string) => {
    const cached = statements.get(sql)
    if (cached) {
      statements.delete(sql)
      statements.set(sql, cached)
      return cached
    }
    if (/^\s*(create|alter|drop)\b/i.test(sql)) statements.clear()
    const statement = prepare(sql)
    if (/^\s*(savepoint|release|rollback to)\b/i.test(sql)) return statement
    statements.set(sql, statement)
    if (statements.size > size) statements.delete(statements.keys().next().value!)
    return statement
  }
}

/**
 * `database/schema.ts` is generated from SQLite and committed; the
 * rules make JSON and boolean columns behave alike on both databases.
 */
const schemaGeneration = {
  rulesPaths: ['./database/schema_rules.js'],
  excludeTables: ['queue_jobs', 'queue_schedules', 'rate_limits'],
}

function sqlite(file: string, paths: string[]): ConnectionConfig {
  mkdirSync(app.tmpPath(), { recursive: true })
  return {
    client: 'better-sqlite3',
    connection: { filename: isAbsolute(file) ? file : app.tmpPath(file) },
    useNullAsDefault: true,
    pool: { afterCreate: sqlitePragmas },
    debug: env.get('DB_DEBUG', false),
    migrations: { naturalSort: true, paths },
    schemaGeneration,
  }
}

function mysql(database: string, paths: string[]): ConnectionConfig {
  return {
    client: 'mysql2',
    connection: {
      host: env.get('DB_HOST', '127.0.0.1'),
      port: env.get('DB_PORT', 3306),
      user: env.get('DB_USER', 'root'),
      password: env.get('DB_PASSWORD', ''),
      database,
      timezone: 'Z',
      dateStrings: false,
    },
    debug: env.get('DB_DEBUG', false),
    migrations: { naturalSort: true, paths },
    schemaGeneration,
  }
}

const useMysql = env.get('DB_CONNECTION', 'sqlite') === 'mysql'
const sqliteFile = env.get('SQLITE_FILE', 'db.sqlite3')
const mysqlDatabase = env.get('DB_DATABASE', 'ehelpdesk')

/**
 * The archive's SQLite file beside the production one
 * (`db.sqlite3` -> `db.archive.sqlite3`).
 */
export function archiveSqliteFile(file: string) {
  return file.replace(/(\.sqlite3)?$/, '.archive.sqlite3')
}

const dbConfig = defineConfig({
  connection: useMysql ? 'mysql' : 'sqlite',
  prettyPrintDebugQueries: true,
  connections: {
    sqlite: sqlite(sqliteFile, migrationPaths),
    mysql: mysql(mysqlDatabase, migrationPaths),
    /* Receives what retention moves out of production. */
    archive: {
      ...(useMysql
        ? mysql(`${mysqlDatabase}_archive`, archiveMigrationPaths)
        : sqlite(archiveSqliteFile(sqliteFile), archiveMigrationPaths)),
      /* Archive rows are read with the query builder; only production
         tables become schema classes. */
      schemaGeneration: { enabled: false },
    },
  },
})

export default dbConfig
