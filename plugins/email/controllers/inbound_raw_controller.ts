import type { HttpContext } from '@adonisjs/core/http'
import inbound from '../services/inbound_list_service.js'
import intake from '../services/intake_service.js'
import { requireAdmin } from './authorize.js'

/**
 * Downloads the original bytes of a stored email as an .eml file.
 */
export default class InboundRawController {
  /**
   * Send the raw message as an attachment.
   */
  async handle(ctx: HttpContext) {
    const record = await inbound.find(ctx.params.id)
    requireAdmin(ctx)
    const { bytes } = await intake.raw(record.id)

    const name = `message-${record.id}.eml`
    ctx.response.header('Content-Type', 'message/rfc822')
    ctx.response.header('Content-Disposition', `attachment; filename="${name}"`)
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    return ctx.response.send(bytes)
  }
}
