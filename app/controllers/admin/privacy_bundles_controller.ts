import type { HttpContext } from '@adonisjs/core/http'
import drive from '@adonisjs/drive/services/main'
import PrivacyRequest from '#models/privacy_request'
import audit from '#services/privacy/privacy_audit_service'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * Downloads of export bundles, for tenant admins only.
 */
export default class PrivacyBundlesController {
  /**
   * Send the bundle of a finished export; another tenant's request,
   * an unfinished one and an expired one all answer 404.
   */
  async show({ bouncer, params, response, auth, tenant }: HttpContext) {
    const request = await PrivacyRequest.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'managePrivacy')
    if (!request.downloadable) return response.notFound()

    await audit.record({
      actor: { type: 'user', id: auth.use('web').getUserOrFail().id },
      action: 'export_downloaded',
      tenantId: tenant!.id,
      contactId: request.contactId,
      requestId: request.id,
    })
    const stream = await drive.use().getStream(request.bundleKey!)
    const name = `export-contact-${request.contactId}-${request.id}.zip`
    response.header('Content-Type', 'application/zip')
    response.header('Content-Disposition', `attachment; filename="${name}"`)
    response.header('Cache-Control', 'private, no-store')
    return response.stream(stream)
  }
}
