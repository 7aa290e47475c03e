import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@adonisjs/lucid'
import Calendar from '../models/calendar.js'
import editor from '../services/calendar_editor.js'
import { moveValidator } from '../validators/calendar.js'
import { requireAdmin } from './authorize.js'

/**
 * Moves a deviation one step up or down the list, which changes which
 * deviation decides when several match.
 */
export default class DeviationMovesController {
  /**
   * Swap the deviation with its neighbour.
   */
  async handle(ctx: HttpContext) {
    const calendar = await Calendar.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const list = [...calendar.data.deviations]
    const index = list.findIndex((d) => String(d.id) === String(ctx.params.deviationId))
    if (index < 0) throw new errors.E_ROW_NOT_FOUND()
    const { direction } = await ctx.request.validateUsing(moveValidator)
    const target = direction === 'up' ? index - 1 : index + 1
    if (target >= 0 && target < list.length) {
      ;[list[index], list[target]] = [list[target], list[index]]
      await editor.save(calendar, { ...calendar.data, deviations: list })
    }
    return ctx.response.redirect().toRoute('calendar.calendars.edit', { id: calendar.id })
  }
}
