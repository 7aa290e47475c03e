import type { HttpContext } from '@adonisjs/core/http'
import archive from '#services/retention/archive_service'
import { archiveDeleteValidator, archiveSearchValidator } from '#validators/retention'
import { authorizeAdmin } from '#abilities/authorize'
import audit from '#services/privacy/privacy_audit_service'
import { ArchiveDeleteUnconfirmedException } from '#exceptions/privacy_errors'

/**
 * The archive, read-only for tenant admins: archived tickets with
 * their thread, searchable; an admin may delete an archived ticket.
 */
export default class ArchiveController {
  /**
   * Archived tickets, searched by number or subject.
   */
  async index({ request, bouncer, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'managePrivacy')
    const { q, page } = await archiveSearchValidator.validate(request.qs())
    const { page: paginator, rows } = await archive.tickets({ search: q, page })
    paginator.baseUrl(request.url())
    paginator.queryString(q ? { q } : {})
    return view.render('pages/admin/archive/index', { paginator, rows, q: q ?? '' })
  }

  /**
   * One archived ticket with messages, attachments and history.
   */
  async show({ params, bouncer, view }: HttpContext) {
    const record = await archive.ticket(Number(params.id))
    await authorizeAdmin(bouncer, 'managePrivacy')
    const held = await archive.onHold(record.ticket)
    return view.render('pages/admin/archive/show', { ...record, held })
  }

  /**
   * The confirmation step before deleting: what will be deleted for
   * good, a submit and a way back.
   */
  async confirmDestroy({ params, bouncer, view }: HttpContext) {
    const { ticket, messages, attachments } = await archive.ticket(Number(params.id))
    await authorizeAdmin(bouncer, 'managePrivacy')
    const held = await archive.onHold(ticket)
    return view.render('pages/admin/archive/delete', {
      kind: 'ticket',
      title: `#${ticket.number} ${ticket.subject}`,
      messages: messages.length,
      files: attachments.length,
      held,
      id: ticket.id,
    })
  }

  /**
   * Delete an archived ticket with its thread and files, once
   * confirmed (`confirm=1`); without it nothing is deleted.
   */
  async destroy({ params, auth, bouncer, request, response, session, i18n }: HttpContext) {
    const { ticket } = await archive.ticket(Number(params.id))
    await authorizeAdmin(bouncer, 'managePrivacy')
    const { confirm } = await request.validateUsing(archiveDeleteValidator)
    if (!confirm) throw new ArchiveDeleteUnconfirmedException()
    await archive.deleteTicket(ticket.id)
    await audit.record({
      actor: { type: 'user', id: auth.use('web').getUserOrFail().id },
      action: 'archive_deleted',
      tenantId: ticket.tenant_id,
      contactId: ticket.contact_id ?? null,
      counts: { tickets: 1 },
    })
    session.flash('success', i18n.t('retention.archive.deleted', { number: ticket.number }))
    return response.redirect().toRoute('admin.archive.index')
  }
}
