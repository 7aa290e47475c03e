import type { HttpContext } from '@adonisjs/core/http'
import archive from '#services/retention/archive_service'
import { archiveDeleteValidator, archiveSearchValidator } from '#validators/retention'
import { authorizeAdmin } from '#abilities/authorize'
import audit from '#services/privacy/privacy_audit_service'
import { ArchiveDeleteUnconfirmedException } from '#exceptions/privacy_errors'
import { contentDisposition } from '#controllers/attachments_controller'

/**
 * Archived attachments: listed and searched by file name, downloaded,
 * deleted by an admin.
 */
export default class ArchiveAttachmentsController {
  /**
   * Archived attachments, newest first.
   */
  async index({ request, bouncer, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'managePrivacy')
    const { q, page } = await archiveSearchValidator.validate(request.qs())
    const { page: paginator, rows } = await archive.attachments({ search: q, page })
    paginator.baseUrl(request.url())
    paginator.queryString(q ? { q } : {})
    return view.render('pages/admin/archive/attachments', { paginator, rows, q: q ?? '' })
  }

  /**
   * Download an archived attachment; always as a download, never
   * rendered inline.
   */
  async show({ params, bouncer, response }: HttpContext) {
    const { row, bytes } = await archive.attachment(Number(params.id))
    await authorizeAdmin(bouncer, 'managePrivacy')
    response.header('Content-Type', 'application/octet-stream')
    response.header('Content-Disposition', contentDisposition(row.file_name))
    response.header('Cache-Control', 'private, no-store')
    return response.send(bytes)
  }

  /**
   * The confirmation step before deleting an attachment.
   */
  async confirmDestroy({ params, bouncer, view }: HttpContext) {
    const row = await archive.attachmentRow(Number(params.id))
    await authorizeAdmin(bouncer, 'managePrivacy')
    return view.render('pages/admin/archive/delete', {
      kind: 'attachment',
      title: row.file_name,
      size: row.size,
      held: false,
      id: row.id,
    })
  }

  /**
   * Delete an archived attachment and its file, once confirmed
   * (`confirm=1`); without it nothing is deleted.
   */
  async destroy({ params, auth, bouncer, request, response, session, i18n }: HttpContext) {
    const row = await archive.attachmentRow(Number(params.id))
    await authorizeAdmin(bouncer, 'managePrivacy')
    const { confirm } = await request.validateUsing(archiveDeleteValidator)
    if (!confirm) throw new ArchiveDeleteUnconfirmedException()
    await archive.deleteAttachment(row.id)
    await audit.record({
      actor: { type: 'user', id: auth.use('web').getUserOrFail().id },
      action: 'archive_deleted',
      tenantId: row.tenant_id,
      counts: { attachments: 1 },
    })
    session.flash(
      'success',
      i18n.t('retention.archive.attachment_deleted', { name: row.file_name })
    )
    return response.redirect().toRoute('admin.archive_attachments.index')
  }
}
