import PlatformSetting from '#models/platform_setting'
import audit from '#services/privacy/privacy_audit_service'

const KEY = 'dpa_text'

/**
 * The operator's data-processing agreement: one text, maintained in
 * the platform console and shown to every tenant's admins.
 */
export class DpaService {
  /**
   * The current text and when it last changed, or null when the
   * operator has not written one yet.
   */
  async current() {
    const row = await PlatformSetting.find(KEY)
    if (!row?.value) return null
    return { text: row.value, updatedAt: row.updatedAt }
  }

  /**
   * Replaces the text and records who changed it.
   */
  async update(text: string, operatorId: number) {
    await PlatformSetting.updateOrCreate({ key: KEY }, { value: text, updatedBy: operatorId })
    await audit.record({ actor: { type: 'operator', id: operatorId }, action: 'dpa_updated' })
  }
}

export default new DpaService()
