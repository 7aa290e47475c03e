import type { HttpContext } from '@adonisjs/core/http'
import { readFile } from 'node:fs/promises'
import agenda from '../services/agenda_service.js'
import ics from '../services/ics_service.js'

/**
 * Imports an `.ics` file into the agent's calendar.
 */
export default class IcsImportsController {
  /**
   * Read the uploaded file and store its events; events that cannot be
   * used are counted and named in the message.
   */
  async store(ctx: HttpContext) {
    const user = ctx.auth.use('web').user!
    const file = ctx.request.file('ics', { size: '2mb' })
    const named = file ? /\.(ics|ical|ifb)$/i.test(file.clientName) : false
    if (!file || !file.isValid || !file.tmpPath || !named) {
      const errors = file?.errors.map((e) => e.message).join(' ')
      const reason = errors || (file ? 'not an .ics file' : 'no file')
      ctx.session.flash('error', ctx.i18n.t('calendar.agenda.import_failed', { reason }))
      return ctx.response.redirect().toRoute('calendar.agenda.index')
    }
    let read
    try {
      read = ics.read(await readFile(file.tmpPath, 'utf8'))
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      ctx.session.flash('error', ctx.i18n.t('calendar.agenda.import_failed', { reason }))
      return ctx.response.redirect().toRoute('calendar.agenda.index')
    }
    const count = await agenda.importEvents(user, read.events)
    const skipped = read.skipped.map((s) => `${s.uid ?? '?'}: ${s.reason}`).join('; ')
    ctx.session.flash(
      'success',
      ctx.i18n.t('calendar.agenda.imported', { count, skipped: read.skipped.length }) +
        (skipped ? ` ${skipped}` : '')
    )
    return ctx.response.redirect().toRoute('calendar.agenda.index')
  }
}
