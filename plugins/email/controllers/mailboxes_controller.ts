import type { HttpContext } from '@adonisjs/core/http'
import AnsweringPoint from '#models/answering_point'
import Mailbox from '../models/mailbox.js'
import mailboxes, { type MailboxInput } from '../services/mailbox_service.js'
import { createMailboxValidator, updateMailboxValidator } from '../validators/mailbox.js'
import { requireAdmin } from './authorize.js'

type MailboxForm = Awaited<ReturnType<typeof createMailboxValidator.validate>>

/**
 * Maps the form's fields to the service's input. Unticked boxes are
 * absent from a form post, so each flag defaults to false here.
 */
function toInput(data: MailboxForm): MailboxInput {
  return {
    answeringPointId: data.answering_point_id,
    name: data.name,
    address: data.address,
    intake: data.intake,
    imapHost: data.imap_host,
    imapPort: data.imap_port,
    imapTls: data.imap_tls ?? false,
    imapUser: data.imap_user,
    imapPassword: data.imap_password,
    clearImapPassword: data.clear_imap_password ?? false,
    imapFolder: data.imap_folder,
    smtpHost: data.smtp_host,
    smtpPort: data.smtp_port,
    smtpTls: data.smtp_tls ?? false,
    smtpUser: data.smtp_user,
    smtpPassword: data.smtp_password,
    clearSmtpPassword: data.clear_smtp_password ?? false,
    autoCreate: data.auto_create ?? false,
    autoReply: data.auto_reply ?? false,
    autoReplySubject: data.auto_reply_subject,
    autoReplyBody: data.auto_reply_body,
    active: data.active ?? false,
  }
}

/**
 * The tenant's mailboxes: how mail reaches each answering point and
 * how replies leave. Admins only.
 */
export default class MailboxesController {
  /**
   * List mailboxes with their connection state.
   */
  async index(ctx: HttpContext) {
    requireAdmin(ctx)
    const rows = await Mailbox.query()
      .preload('answeringPoint')
      .orderBy('name', 'asc')
      .orderBy('id', 'asc')
    return ctx.view.render('email::pages/mailboxes/index', { rows })
  }

  /**
   * Show the new-mailbox form.
   */
  async create(ctx: HttpContext) {
    requireAdmin(ctx)
    const points = await AnsweringPoint.query().orderBy('name', 'asc')
    return ctx.view.render('email::pages/mailboxes/create', { mailbox: null, points })
  }

  /**
   * Create a mailbox with a fresh forward address.
   */
  async store(ctx: HttpContext) {
    requireAdmin(ctx)
    const data = await ctx.request.validateUsing(createMailboxValidator, {
      meta: { tenantId: ctx.tenant!.id },
    })
    const mailbox = await mailboxes.create(toInput(data))

    ctx.session.flash('success', ctx.i18n.t('email.mailboxes.created', { name: mailbox.name }))
    return ctx.response.redirect().toRoute('email.mailboxes.edit', { id: mailbox.id })
  }

  /**
   * Show the edit form with the forward address and status.
   */
  async edit(ctx: HttpContext) {
    const mailbox = await Mailbox.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const points = await AnsweringPoint.query().orderBy('name', 'asc')
    return ctx.view.render('email::pages/mailboxes/edit', { mailbox, points })
  }

  /**
   * Save changes; blank passwords keep the stored ones.
   */
  async update(ctx: HttpContext) {
    const mailbox = await Mailbox.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const data = await ctx.request.validateUsing(updateMailboxValidator, {
      meta: { tenantId: mailbox.tenantId, mailboxId: mailbox.id },
    })
    await mailboxes.update(mailbox, toInput(data))

    ctx.session.flash('success', ctx.i18n.t('email.mailboxes.updated', { name: mailbox.name }))
    return ctx.response.redirect().toRoute('email.mailboxes.edit', { id: mailbox.id })
  }

  /**
   * Remove a mailbox; its tickets and stored messages stay.
   */
  async destroy(ctx: HttpContext) {
    const mailbox = await Mailbox.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    await mailboxes.destroy(mailbox)

    ctx.session.flash('success', ctx.i18n.t('email.mailboxes.deleted', { name: mailbox.name }))
    return ctx.response.redirect().toRoute('email.mailboxes.index')
  }
}
