import type { HttpContext } from '@adonisjs/core/http'
import { readFile } from 'node:fs/promises'
import agenda from '../services/agenda_service.js'
import ics from '../services/ics_service.js'
import { IcsImportException } from '../errors.js'

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
    const refuse = (reason: string) => {
      const text = ctx.i18n.t(`calendar.agenda.import_reasons.${reason}`)
      ctx.session.flash('error', ctx.i18n.t('calendar.agenda.import_failed', { reason: text }))
      return ctx.response.redirect().toRoute('calendar.agenda.index')
    }
    if (!file) return refuse('no_file')
    if (!file.isValid || !file.tmpPath) {
      return refuse(file.errors.some((e) => e.type === 'size') ? 'too_large' : 'not_ics')
    }
    if (!named) return refuse('not_ics')
    let read
    try {
      const zone = ctx.tenant!.timeZone || 'Europe/Stockholm'
      read = ics.read(await readFile(file.tmpPath, 'utf8'), zone)
    } catch (error) {
      if (error instanceof IcsImportException) return refuse('syntax')
      throw error
    }
    const untitled = ctx.i18n.t('calendar.agenda.untitled')
    const events = read.events.map((e) => ({ ...e, title: e.title || untitled }))
    const count = await agenda.importEvents(user, events)
    const skipped = read.skipped
      .map((s) =>
        ctx.i18n.t('calendar.agenda.import_skipped', {
          uid: s.uid ?? '?',
          reason: ctx.i18n.t(`calendar.agenda.import_reasons.${s.reason}`),
        })
      )
      .join('; ')
    ctx.session.flash(
      'success',
      ctx.i18n.t('calendar.agenda.imported', { count, skipped: read.skipped.length }) +
        (skipped ? ` ${skipped}` : '')
    )
    return ctx.response.redirect().toRoute('calendar.agenda.index')
  }
}
