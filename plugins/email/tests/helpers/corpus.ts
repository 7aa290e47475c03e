import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { reportSkipped } from '#tests/helpers/skip'

/**
 * The shared email corpus beside the checkout (`../shared/corpus`).
 */
export const CORPUS = app.makePath('..', 'shared', 'corpus', 'email')
export const MAIL_GEM = join(CORPUS, 'mail-gem')

/**
 * True when the corpus is present; otherwise reports the suite as
 * skipped (which CI turns into a failure) and returns false.
 */
export function corpusAvailable(suite = 'email-corpus') {
  if (existsSync(MAIL_GEM)) return true
  reportSkipped(suite, `corpus not found at ${CORPUS}`)
  return false
}

/**
 * Reads one corpus file by its path below `email/`.
 */
export function corpusFile(path: string) {
  return readFileSync(join(CORPUS, path))
}

/**
 * Every `.eml` file below a folder, sorted.
 */
export function emlFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name)
      if (statSync(path).isDirectory()) return emlFiles(path)
      return name.endsWith('.eml') ? [path] : []
    })
}
