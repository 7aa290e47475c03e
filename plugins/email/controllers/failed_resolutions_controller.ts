import type { HttpContext } from '@adonisjs/core/http'
import inbound from '../services/inbound_list_service.js'
import intake from '../services/intake_service.js'
import { requireAdmin } from './authorize.js'

/**
 * Marks a failed message resolved: it leaves the list as ignored and
 * stays stored with its raw bytes.
 */
export default class FailedResolutionsController {
  /**
   * Mark one failed message resolved.
   */
  async handle(ctx: HttpContext) {
    const record = await inbound.find(ctx.params.id, 'failed')
    requireAdmin(ctx)
    await intake.dismiss(record.id, 'resolved', {
      user: ctx.auth.use('web').user!.email,
      previous: record.error ?? '',
    })

    ctx.session.flash('success', ctx.i18n.t('email.failed.resolved'))
    return ctx.response.redirect().toRoute('email.failed.index')
  }
}
