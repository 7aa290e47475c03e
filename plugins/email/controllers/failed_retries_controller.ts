import type { HttpContext } from '@adonisjs/core/http'
import inbound from '../services/inbound_list_service.js'
import intake from '../services/intake_service.js'
import { requireAdmin } from './authorize.js'

/**
 * Parses a failed message again from its stored raw bytes.
 */
export default class FailedRetriesController {
  /**
   * Retry one failed message and report the outcome.
   */
  async handle(ctx: HttpContext) {
    const record = await inbound.find(ctx.params.id, 'failed')
    requireAdmin(ctx)
    const result = await intake.retry(record.id)

    if (result.status === 'failed') {
      ctx.session.flash('error', ctx.i18n.t('email.failed.retry_failed', { reason: result.reason }))
    } else {
      const key = `email.failed.retried_${result.status}`
      ctx.session.flash('success', ctx.i18n.t(key, { id: record.id }))
    }
    return ctx.response.redirect().toRoute('email.failed.index')
  }
}
