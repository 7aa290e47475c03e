import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { Ignitor } from '@adonisjs/core'

export const APP_ROOT = new URL('../../', import.meta.url)

/**
 * Boots the app for a benchmark script on a scratch database of its
 * own (`sqliteFile` under tmp/, or the MariaDB database DB_DATABASE
 * names), migrated afresh on the default connection and the given
 * others. Migrating regenerates database/schema.ts from whichever
 * database ran it; the committed file (generated from SQLite) is put
 * back as it was.
 */
export async function bootBenchmark(sqliteFile: string, connections: string[] = []) {
  process.env.SQLITE_FILE ??= sqliteFile
  process.env.STORAGE_PATH ??= new URL('tmp/bench-storage', APP_ROOT).pathname
  process.env.QUEUE_DRIVER ??= 'sync'
  process.env.LOG_LEVEL ??= 'error'
  if (process.env.DB_CONNECTION === 'mysql' && !process.env.DB_DATABASE) {
    console.error('set DB_DATABASE to a scratch database: the benchmark wipes it')
    process.exit(1)
  }

  const schemaFile = new URL('database/schema.ts', APP_ROOT)
  const schemaBefore = readFileSync(schemaFile, 'utf8')
  for (const connection of [null, ...connections]) {
    const args = connection ? [`--connection=${connection}`] : []
    const migrated = spawnSync(process.execPath, ['ace', 'migration:fresh', '--force', ...args], {
      cwd: APP_ROOT,
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (migrated.status !== 0) {
      writeFileSync(schemaFile, schemaBefore)
      process.exit(migrated.status ?? 1)
    }
  }
  if (readFileSync(schemaFile, 'utf8') !== schemaBefore) writeFileSync(schemaFile, schemaBefore)

  const ignitor = new Ignitor(APP_ROOT, {
    importer: (filePath: string) =>
      filePath.startsWith('./') || filePath.startsWith('../')
        ? import(new URL(filePath, APP_ROOT).href)
        : import(filePath),
  })
  const app = ignitor.createApp('console')
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}
