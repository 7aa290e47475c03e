import encryption from '@adonisjs/core/services/encryption'
import TenantPlugin from '#models/tenant_plugin'
import { TenantContext } from '#services/tenant_context'
import type { SettingsField, SettingsSection } from './types.js'

type Values = Record<string, unknown>

/**
 * Whether a field is stored encrypted and never shown: fields marked
 * secret, and every password field.
 */
export function isSecret(field: SettingsField) {
  return field.secret === true || field.type === 'password'
}

/**
 * Stored settings of one plugin for one tenant (or one of its
 * answering points): plain values, and secrets in clear.
 */
export interface StoredSettings {
  values: Values
  secrets: Record<string, string>
}

/**
 * Reads and writes the settings a plugin declares in its manifest.
 * Plain values live in `tenant_plugins.settings`; secret fields in
 * `tenant_plugins.secrets`, one encrypted JSON bound to the tenant and
 * the plugin so a copied blob does not decrypt elsewhere. Settings
 * scoped per answering point are kept under `points.<id>`.
 */
export class PluginSettings {
  /**
   * The values a plugin reads: defaults, then stored values, with
   * secrets decrypted. For plugin code only; never render this.
   */
  async get(
    tenantId: number,
    pluginId: string,
    section: SettingsSection | undefined,
    pointId: number | null = null
  ): Promise<Values> {
    const stored = await this.read(tenantId, pluginId, pointId)
    const values: Values = {}
    for (const field of section?.fields ?? []) {
      const value = isSecret(field) ? stored.secrets[field.key] : stored.values[field.key]
      values[field.key] = value ?? field.default ?? null
    }
    return values
  }

  /**
   * The stored values and secrets, without defaults.
   */
  async read(tenantId: number, pluginId: string, pointId: number | null = null) {
    const row = await this.row(tenantId, pluginId)
    return {
      values: this.slot(row?.settings ?? {}, pointId),
      secrets: this.slot(this.openSecrets(row, tenantId), pointId) as Record<string, string>,
    } satisfies StoredSettings
  }

  /**
   * Saves values and secrets. A secret given as undefined keeps its
   * stored value; a key listed in `clear` removes it.
   */
  async save(
    tenantId: number,
    pluginId: string,
    pointId: number | null,
    input: { values: Values; secrets: Record<string, string | undefined>; clear?: string[] }
  ) {
    const row = (await this.row(tenantId, pluginId)) ?? null
    if (!row) throw new Error(`Plugin "${pluginId}" has no state for tenant ${tenantId}`)

    const allSecrets = this.openSecrets(row, tenantId)
    const secrets = { ...this.slot(allSecrets, pointId) } as Record<string, string>
    for (const [key, value] of Object.entries(input.secrets)) {
      if (value !== undefined && value !== null && value !== '') secrets[key] = value
    }
    for (const key of input.clear ?? []) delete secrets[key]

    await TenantContext.run(tenantId, async () => {
      row.settings = this.withSlot(row.settings ?? {}, pointId, input.values)
      const sealed = this.withSlot(allSecrets, pointId, secrets)
      row.secrets = Object.keys(sealed).length
        ? encryption.encrypt(sealed, { purpose: this.purpose(tenantId, pluginId) })
        : null
      await row.save()
    })
  }

  /**
   * Which secret fields hold a value, for "set / not set" labels.
   */
  secretStatus(fields: SettingsField[], stored: StoredSettings) {
    return Object.fromEntries(
      fields.filter(isSecret).map((field) => [field.key, !!stored.secrets[field.key]])
    )
  }

  protected row(tenantId: number, pluginId: string) {
    return TenantContext.run(tenantId, () =>
      TenantPlugin.query().where('plugin_id', pluginId).first()
    )
  }

  protected openSecrets(row: TenantPlugin | null, tenantId: number): Values {
    if (!row?.secrets) return {}
    const opened = encryption.decrypt<Values>(row.secrets, this.purpose(tenantId, row.pluginId))
    return opened ?? {}
  }

  protected purpose(tenantId: number, pluginId: string) {
    return `tenant_plugins:${tenantId}:${pluginId}`
  }

  /**
   * The part of a stored object for the tenant or one point.
   */
  protected slot(all: Values, pointId: number | null): Values {
    if (pointId === null) {
      const { points: _points, ...tenantWide } = all
      return tenantWide
    }
    const points = (all.points ?? {}) as Record<string, Values>
    return points[String(pointId)] ?? {}
  }

  protected withSlot(all: Values, pointId: number | null, values: Values): Values {
    if (pointId === null) return { ...values, ...(all.points ? { points: all.points } : {}) }
    const points = { ...((all.points ?? {}) as Record<string, Values>) }
    points[String(pointId)] = values
    return { ...all, points }
  }
}

export default new PluginSettings()
