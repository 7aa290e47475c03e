import { createReadStream } from 'node:fs'
import { open, readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative } from 'node:path'
import { ImportSourceException } from '../errors.js'

/**
 * One message read from an import source.
 */
export interface ImportItem {
  /** Where it came from: a relative file path, or `mbox#<n>`. */
  label: string
  raw: Buffer
  /** Bytes of the source consumed so far, for progress. */
  position: number
}

/**
 * What an import reads from: a folder of `.eml` files (searched
 * recursively), a single `.eml` file, or an mbox file.
 */
export interface ImportSource {
  kind: 'folder' | 'eml' | 'mbox'
  /** Messages for a folder, bytes for an mbox; for the progress bar. */
  total: number
  items(): AsyncGenerator<ImportItem>
}

/**
 * Every `.eml` file below a folder, in a stable order.
 */
async function emlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  const names = entries.map((entry) => entry.name).sort()
  const files: string[] = []
  for (const name of names) {
    const entry = entries.find((e) => e.name === name)!
    const path = join(folder, name)
    if (entry.isDirectory()) files.push(...(await emlFiles(path)))
    else if (entry.isFile() && extname(name).toLowerCase() === '.eml') files.push(path)
  }
  return files
}

/**
 * Whether a line is an mbox `From ` separator (not a `From:` field).
 */
function isSeparator(line: Buffer) {
  return (
    line.subarray(0, 5).toString('latin1') === 'From ' && !/^From\s*:/.test(line.toString('latin1'))
  )
}

/**
 * Splits an mbox file into messages while streaming it. The `From `
 * line before each message is dropped, `>From ` quoting (mboxrd and
 * mboxo) is undone by one level, and the blank line that separates
 * messages is not part of the message.
 */
export async function* splitMbox(path: string): AsyncGenerator<ImportItem> {
  let pending = Buffer.alloc(0)
  let lines: Buffer[] = []
  let position = 0
  let count = 0
  let started = false

  /* Ends the current message; the separator's blank line goes. */
  const finish = (): ImportItem | null => {
    if (!started) return null
    const last = lines.at(-1)
    if (last && (last.length === 1 || (last.length === 2 && last[0] === 0x0d))) lines.pop()
    const raw = Buffer.concat(lines)
    lines = []
    count++
    return { label: `mbox#${count}`, raw, position }
  }

  const take = (line: Buffer): ImportItem | null => {
    if (isSeparator(line)) {
      const done = finish()
      started = true
      return done
    }
    if (!started) {
      /* Text before the first separator is not a message. */
      return null
    }
    lines.push(/^>+From /.test(line.subarray(0, 64).toString('latin1')) ? line.subarray(1) : line)
    return null
  }

  for await (const chunk of createReadStream(path)) {
    const data = Buffer.concat([pending, chunk as Buffer])
    let start = 0
    let lf = data.indexOf(0x0a, start)
    while (lf !== -1) {
      const done = take(data.subarray(start, lf + 1))
      position += lf + 1 - start
      if (done) yield { ...done, position }
      start = lf + 1
      lf = data.indexOf(0x0a, start)
    }
    pending = Buffer.from(data.subarray(start))
  }
  position += pending.length
  const tail = pending.length > 0 ? take(pending) : null
  if (tail) yield { ...tail, position }
  const last = finish()
  if (last && last.raw.length > 0) yield { ...last, position }
}

/**
 * Opens an import path: a folder, an `.eml` file, or any other file
 * read as mbox.
 */
export async function openImportSource(path: string): Promise<ImportSource> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new ImportSourceException(`Import source not found: ${path}`)

  if (info.isDirectory()) {
    const files = await emlFiles(path)
    return {
      kind: 'folder',
      total: files.length,
      async *items() {
        let position = 0
        for (const file of files) {
          position++
          yield { label: relative(path, file), raw: await readFile(file), position }
        }
      },
    }
  }

  if (extname(path).toLowerCase() === '.eml') {
    return {
      kind: 'eml',
      total: 1,
      async *items() {
        yield { label: path, raw: await readFile(path), position: 1 }
      },
    }
  }

  const handle = await open(path)
  const head = Buffer.alloc(5)
  await handle.read(head, 0, 5, 0).finally(() => handle.close())
  if (head.toString('latin1') !== 'From ') {
    throw new ImportSourceException(`Not an mbox file (it must start with a "From " line): ${path}`)
  }
  return { kind: 'mbox', total: info.size, items: () => splitMbox(path) }
}
