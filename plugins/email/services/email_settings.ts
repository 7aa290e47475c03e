import env from '#start/env'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import TenantPlugin from '#models/tenant_plugin'
import { DEFAULT_SUBJECT_TAG } from './subject_rules.js'

/**
 * The platform's largest accepted message, 25 MB unless MAIL_MAX_BYTES
 * says otherwise.
 */
export function platformMaxBytes() {
  return env.get('MAIL_MAX_BYTES') ?? 25 * 1024 * 1024
}

/**
 * The email plugin's settings for the current tenant.
 */
export interface EmailSettings {
  subjectTag: string
  /** The tenant's limit: the platform's, or lower when set. */
  maxBytes: number
}

/**
 * Reads the tenant's email settings (inside a tenant context), through
 * `client` when given (a transaction in progress). A tenant may lower
 * the platform's size limit, never raise it.
 */
export async function emailSettings(client?: QueryClientContract): Promise<EmailSettings> {
  const row = await TenantPlugin.query({ client }).where('plugin_id', 'email').first()
  const settings = row?.settings ?? {}
  const platform = platformMaxBytes()
  const tenantMb = Number(settings.max_message_mb)
  const tenantBytes = tenantMb > 0 ? Math.floor(tenantMb * 1024 * 1024) : platform
  const tag = typeof settings.subject_tag === 'string' ? settings.subject_tag.trim() : ''
  return {
    subjectTag: tag.includes('{number}') ? tag : DEFAULT_SUBJECT_TAG,
    maxBytes: Math.min(platform, tenantBytes),
  }
}
