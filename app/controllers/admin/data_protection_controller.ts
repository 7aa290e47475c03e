import type { HttpContext } from '@adonisjs/core/http'
import dpa from '#services/privacy/dpa_service'
import audit from '#services/privacy/privacy_audit_service'
import retention from '#services/privacy/retention_table'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * The tenant admin's data protection page: how long what is kept, the
 * operator's data-processing agreement and the privacy audit log.
 */
export default class DataProtectionController {
  /**
   * Show the retention table, the agreement and the latest audit
   * entries.
   */
  async index({ bouncer, view, i18n }: HttpContext) {
    await authorizeAdmin(bouncer, 'managePrivacy')
    const [rows, agreement, entries] = await Promise.all([
      retention.rows(i18n.locale),
      dpa.current(),
      audit.latest(),
    ])
    const paragraphs = agreement ? agreement.text.split(/\n\s*\n/) : []
    const userNames = await audit.userNames(entries)
    return view.render('pages/admin/privacy/index', {
      rows,
      agreement,
      paragraphs,
      entries,
      userNames,
    })
  }
}
