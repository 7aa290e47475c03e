import type { HttpContext } from '@adonisjs/core/http'
import inbound from '../services/inbound_list_service.js'
import { requireAdmin } from './authorize.js'
import retention from '#services/retention/retention_service'

/**
 * New conversations held for review by mailboxes that do not open
 * tickets automatically.
 */
export default class HeldController {
  /**
   * List held messages, newest first.
   */
  async index(ctx: HttpContext) {
    requireAdmin(ctx)
    const page = await inbound.page('held', Number(ctx.request.input('page', 1)))
    page.baseUrl(ctx.request.url())
    const warnings = await retention.pendingWarnings()
    return ctx.view.render('email::pages/held/index', { page, warnings })
  }

  /**
   * Show one held message for a decision.
   */
  async show(ctx: HttpContext) {
    const record = await inbound.find(ctx.params.id, 'held')
    requireAdmin(ctx)
    const preview = await inbound.preview(record)
    return ctx.view.render('email::pages/held/show', { record, preview })
  }
}
