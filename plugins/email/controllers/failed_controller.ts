import type { HttpContext } from '@adonisjs/core/http'
import inbound from '../services/inbound_list_service.js'
import { requireAdmin } from './authorize.js'
import retention from '#services/retention/retention_service'

/**
 * Email that could not become a ticket message, kept with its reason.
 */
export default class FailedController {
  /**
   * List failed messages, newest first.
   */
  async index(ctx: HttpContext) {
    requireAdmin(ctx)
    const page = await inbound.page('failed', Number(ctx.request.input('page', 1)))
    page.baseUrl(ctx.request.url())
    const warnings = await retention.pendingWarnings()
    return ctx.view.render('email::pages/failed/index', { page, warnings })
  }
}
