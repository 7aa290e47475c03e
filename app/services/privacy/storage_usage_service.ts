import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import { DriveFile, type Disk } from 'flydrive'
import { tenantTables } from '#services/privacy/table_catalog'

/**
 * Rows of one tenant-scoped table, in production and in the archive.
 */
export interface TableUsage {
  table: string
  rows: number
  archived: number
}

/**
 * What one tenant stores: rows per table and the bytes and number of
 * its files (attachments, raw messages, export bundles).
 */
export interface StorageUsage {
  tables: TableUsage[]
  rows: number
  files: number
  bytes: number
}

/**
 * Measures a tenant's storage for the platform console.
 */
export class StorageUsageService {
  /**
   * Counts the tenant's rows in every table with a `tenant_id` and
   * sums the sizes of the files under its storage prefix.
   */
  async forTenant(tenantId: number): Promise<StorageUsage> {
    const [production, archive] = await Promise.all([
      this.#rows(tenantId),
      this.#rows(tenantId, 'archive'),
    ])
    const names = [...new Set([...production.keys(), ...archive.keys()])].sort()
    const tables = names.map((table) => ({
      table,
      rows: production.get(table) ?? 0,
      archived: archive.get(table) ?? 0,
    }))
    const rows = tables.reduce((sum, row) => sum + row.rows + row.archived, 0)

    return { tables, rows, ...(await this.#files(tenantId)) }
  }

  /**
   * Row counts per table of one connection; a connection that is not
   * migrated counts nothing.
   */
  async #rows(tenantId: number, connection?: string) {
    const counts = new Map<string, number>()
    let tables: string[]
    try {
      tables = await tenantTables(connection)
    } catch {
      return counts
    }
    for (const table of tables) {
      const row = await db
        .connection(connection)
        .from(table)
        .where('tenant_id', tenantId)
        .count('* as total')
        .first()
      counts.set(table, Number(row?.total ?? 0))
    }
    return counts
  }

  /**
   * Every file under the tenant's prefix (`t<id>/`) on the main disk
   * and the archive disk, whatever their driver.
   */
  async #files(tenantId: number) {
    const [main, archive] = await Promise.all([
      this.#filesOn(drive.use(), tenantId),
      this.#filesOn(drive.use('archive'), tenantId),
    ])
    return { files: main.files + archive.files, bytes: main.bytes + archive.bytes }
  }

  async #filesOn(disk: Disk, tenantId: number) {
    let files = 0
    let bytes = 0
    let paginationToken: string | undefined
    do {
      const page = await disk
        .listAll(`t${tenantId}`, { recursive: true, paginationToken })
        .catch(() => ({ objects: [], paginationToken: undefined }))
      for (const item of page.objects) {
        if (!(item instanceof DriveFile)) continue
        files++
        bytes += (await item.getMetaData()).contentLength
      }
      paginationToken = page.paginationToken
    } while (paginationToken)
    return { files, bytes }
  }
}

export default new StorageUsageService()
