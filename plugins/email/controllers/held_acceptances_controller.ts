import type { HttpContext } from '@adonisjs/core/http'
import inbound from '../services/inbound_list_service.js'
import intake from '../services/intake_service.js'
import { requireAdmin } from './authorize.js'

/**
 * Accepts a held message: it opens its ticket through the inbox.
 */
export default class HeldAcceptancesController {
  /**
   * Accept one held message.
   */
  async handle(ctx: HttpContext) {
    const record = await inbound.find(ctx.params.id, 'held')
    requireAdmin(ctx)
    const result = await intake.acceptHeld(record.id)

    if (result.status === 'processed') {
      ctx.session.flash('success', ctx.i18n.t('email.held.accepted'))
    } else {
      ctx.session.flash('error', ctx.i18n.t('email.held.accept_failed', { reason: result.reason }))
    }
    return ctx.response.redirect().toRoute('email.held.index')
  }
}
