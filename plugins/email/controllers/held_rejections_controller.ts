import type { HttpContext } from '@adonisjs/core/http'
import inbound from '../services/inbound_list_service.js'
import intake from '../services/intake_service.js'
import { requireAdmin } from './authorize.js'

/**
 * Rejects a held message: no ticket, the message stays stored as
 * ignored.
 */
export default class HeldRejectionsController {
  /**
   * Reject one held message.
   */
  async handle(ctx: HttpContext) {
    const record = await inbound.find(ctx.params.id, 'held')
    requireAdmin(ctx)
    await intake.dismiss(record.id, 'rejected', { user: ctx.auth.use('web').user!.email })

    ctx.session.flash('success', ctx.i18n.t('email.held.rejected'))
    return ctx.response.redirect().toRoute('email.held.index')
  }
}
