import type { HttpContext } from '@adonisjs/core/http'
import Mailbox from '../models/mailbox.js'
import mailboxes from '../services/mailbox_service.js'
import { requireAdmin } from './authorize.js'

/**
 * Gives a mailbox a new forward address, for one that leaked.
 */
export default class MailboxTokensController {
  /**
   * Replace the forward token; the old address stops working.
   */
  async handle(ctx: HttpContext) {
    const mailbox = await Mailbox.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    await mailboxes.rotateToken(mailbox)

    ctx.session.flash('success', ctx.i18n.t('email.mailboxes.token_rotated'))
    return ctx.response.redirect().toRoute('email.mailboxes.edit', { id: mailbox.id })
  }
}
