import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { allTables } from '#services/privacy/table_catalog'

/**
 * Every row of every table of a connection as one JSON text per
 * table: the logical dump the anonymisation tests search. A
 * connection whose database is missing dumps nothing.
 */
export async function dumpTables(connection?: string) {
  const dump = new Map<string, string>()
  let tables: string[]
  try {
    tables = await allTables(connection)
  } catch {
    return dump
  }
  for (const table of tables) {
    const rows = await db.connection(connection).from(table).select('*')
    dump.set(table, JSON.stringify(rows))
  }
  return dump
}

/**
 * Every file under a folder, recursively, with its bytes.
 */
export async function readTree(root: string) {
  const files = new Map<string, Buffer>()
  const walk = async (folder: string) => {
    let entries
    try {
      entries = await readdir(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) await walk(path)
      else files.set(path, await readFile(path))
    }
  }
  await walk(root)
  return files
}

/**
 * The SHA-256 of a raw message, as SMTP intake names its source.
 */
export function sourceKey(raw: Buffer) {
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`
}
