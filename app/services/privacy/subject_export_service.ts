import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { once } from 'node:events'
import { Zip, ZipDeflate, strToU8 } from 'fflate'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import i18nManager from '@adonisjs/i18n/services/main'
import Tenant from '#models/tenant'
import { TenantContext } from '#services/tenant_context'
import { parseJson } from '#services/privacy/subject_anonymise_service'
import subjectData, {
  STORES,
  diskOf,
  type ClassRows,
  type Row,
  type Store,
  type SubjectRecords,
} from '#services/privacy/subject_data_service'

/**
 * One class's records as the bundle holds them.
 */
export interface ClassExport {
  class: string
  table: string
  production: Row[]
  archive: Row[]
}

/**
 * Builds the export bundle of one person: a ZIP with every record of
 * every class (production and archive) as JSON, a readable summary in
 * the tenant's language, and the person's files (attachments, raw
 * emails, recordings).
 */
export class SubjectExportService {
  /**
   * The data part of the export: every record, as JSON text per
   * class. The benchmark times exactly this.
   */
  async data(contactId: number) {
    const records = await subjectData.collect(contactId)
    const json = records.classes.map((classRows) => ({
      id: classRows.dataClass.id,
      text: JSON.stringify(toExport(classRows), null, 1),
    }))
    return { records, json }
  }

  /**
   * Writes the bundle to storage under a generated key and returns
   * the key, its size and the number of records per class.
   */
  async bundle(contactId: number) {
    const tenantId = TenantContext.require()
    const { records, json } = await this.data(contactId)
    const tmpDir = app.tmpPath('privacy')
    await mkdir(tmpDir, { recursive: true })
    const tmp = `${tmpDir}/${randomUUID()}.zip`

    try {
      const missing = await this.#writeZip(tmp, records, json)
      const key = `t${tenantId}/exports/${randomUUID()}.zip`
      await drive.use().putStream(key, createReadStream(tmp))
      const { size } = await stat(tmp)
      return { key, size, counts: { ...countsOf(records), files_missing: missing } }
    } finally {
      await rm(tmp, { force: true })
    }
  }

  /**
   * Streams the ZIP to a file: data, summary, then each file.
   */
  async #writeZip(path: string, records: SubjectRecords, json: { id: string; text: string }[]) {
    const files = await this.#files(records)
    const out = createWriteStream(path)
    const closed = once(out, 'close')
    let failure: Error | null = null
    const zip = new Zip((error, chunk, final) => {
      if (error) failure = error
      else out.write(chunk)
      if (error || final) out.end()
    })

    for (const { id, text } of json) addFile(zip, `data/${id}.json`, strToU8(text))
    addFile(zip, 'summary.txt', strToU8(await summary(records, files.missing)))
    for (const file of files.list) {
      addFile(zip, file.name, await diskOf(file.store).getBytes(file.key))
    }
    zip.end()

    await closed
    if (failure) throw failure
    return files.missing.length
  }

  /**
   * The files named by the records, with their names in the bundle.
   */
  async #files(records: SubjectRecords) {
    const list: { key: string; name: string; store: Store }[] = []
    const missing: string[] = []
    for (const { dataClass, rows } of records.classes) {
      const columns = Object.entries(dataClass.personal)
        .filter(([, kind]) => kind === 'file')
        .map(([column]) => column)
      for (const store of STORES) {
        for (const row of rows[store]) {
          for (const column of columns) {
            if (!row[column]) continue
            const name = bundleName(dataClass, row, column)
            const key = row[column]
            if (await diskOf(store).exists(key)) list.push({ key, name, store })
            else missing.push(name)
          }
        }
      }
    }
    return { list, missing }
  }
}

/**
 * Adds one file to the ZIP, compressed.
 */
function addFile(zip: Zip, name: string, bytes: Uint8Array) {
  const entry = new ZipDeflate(name, { level: 6 })
  zip.add(entry)
  entry.push(bytes, true)
}

/**
 * The path of a file in the bundle: `files/<folder>/<id>-<name>`,
 * named after the file's own name, else its title (a raw email's
 * subject), else `message`.
 */
function bundleName(dataClass: ClassRows['dataClass'], row: Row, column: string) {
  const original = dataClass.fileName ? String(row[dataClass.fileName] ?? '') : ''
  const safe = original.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120)
  const extension = dataClass.fileExtension ? `.${dataClass.fileExtension}` : ''
  const folder = dataClass.fileFolder ?? dataClass.id
  if (safe) return `files/${folder}/${row.id}-${safe}`
  const title = slug(dataClass.fileTitle?.(row) ?? '') || (dataClass.fileTitle ? 'message' : column)
  return `files/${folder}/${row.id}-${title}${extension}`
}

/**
 * A title as a file name: letters and digits, words joined by dashes.
 */
function slug(title: string) {
  return title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
}

/**
 * One class's rows with JSON columns as data rather than text.
 */
function toExport({ dataClass, rows }: ClassRows): ClassExport {
  const jsonColumns = Object.entries(dataClass.personal)
    .filter(([, kind]) => kind === 'json' || kind === 'history')
    .map(([column]) => column)
  const convert = (row: Row) => {
    if (!jsonColumns.length) return row
    const copy = { ...row }
    for (const column of jsonColumns) copy[column] = parseJson(copy[column])
    return copy
  }
  return {
    class: dataClass.id,
    table: dataClass.table,
    production: rows.production.map(convert),
    archive: rows.archive.map(convert),
  }
}

/**
 * Records per class, production and archive together.
 */
export function countsOf(records: SubjectRecords) {
  const counts: Record<string, number> = {}
  for (const { dataClass, rows } of records.classes) {
    counts[dataClass.id] = rows.production.length + rows.archive.length
  }
  return counts
}

/**
 * The readable summary, in the tenant's default language.
 */
async function summary(records: SubjectRecords, missing: string[]) {
  const tenant = await Tenant.findOrFail(TenantContext.require())
  const i18n = i18nManager.locale(tenant.defaultLocale)
  const t = (key: string, data?: Record<string, unknown>) => i18n.t(`privacy.bundle.${key}`, data)
  const contact = records.classes.find(({ dataClass }) => dataClass.id === 'contacts')
  const person = contact?.rows.production[0] ?? contact?.rows.archive[0]
  const lines = [
    t('title', { tenant: tenant.name }),
    '',
    t('created', { date: new Date().toISOString().slice(0, 16).replace('T', ' ') }),
    t('contact', { id: records.contactId, name: person?.name ?? '–' }),
    '',
    t('identities'),
    ...records.identities.map(
      (identity) => `  ${i18n.t(`contacts.identity_types.${identity.type}`)}: ${identity.value}`
    ),
    '',
    t('records'),
    ...records.classes.map(
      ({ dataClass, rows }) =>
        '  ' +
        t('class_line', {
          class: i18n.t(`privacy.counts.${dataClass.id}`, {}, dataClass.id),
          production: rows.production.length,
          archive: rows.archive.length,
        })
    ),
    '',
  ]

  const tickets = records.classes.find(({ dataClass }) => dataClass.id === 'tickets')
  if (tickets) {
    lines.push(t('tickets'))
    for (const store of STORES) {
      for (const row of tickets.rows[store]) {
        const status = i18n.t(`tickets.statuses.${row.status}`)
        lines.push(`  #${row.number} ${row.subject} (${status}, ${t(`store.${store}`)})`)
      }
    }
    lines.push('')
  }
  if (missing.length) lines.push(t('missing'), ...missing.map((name) => `  ${name}`), '')
  lines.push(t('layout'))
  return lines.join('\n') + '\n'
}

export default new SubjectExportService()
