import vine from '@vinejs/vine'
import type { SchemaTypes } from '@vinejs/vine/types'
import type { LoadedPlugin } from '#plugin_host/plugin_host'
import type { SettingsField } from '#plugin_host/types'
import pluginSettings, { isSecret, type StoredSettings } from '#plugin_host/plugin_settings'

/**
 * One field as the settings page renders it. Secret fields carry
 * only whether a value is stored, never the value.
 */
export interface FormField extends SettingsField {
  value: unknown
  isSet: boolean
}

/**
 * Builds the settings page of a plugin from the fields its manifest
 * declares: the form, the validator, and the save.
 */
export class SettingsFormService {
  /**
   * The declared fields, or an empty list.
   */
  fieldsOf(plugin: LoadedPlugin): SettingsField[] {
    return plugin.manifest.settings?.fields ?? []
  }

  /**
   * Whether settings are kept per answering point.
   */
  perPoint(plugin: LoadedPlugin) {
    return plugin.manifest.settings?.scope === 'answering_point'
  }

  /**
   * The fields with their current values for the form.
   */
  formFields(fields: SettingsField[], stored: StoredSettings): FormField[] {
    const status = pluginSettings.secretStatus(fields, stored)
    return fields.map((field) => ({
      ...field,
      secret: isSecret(field),
      value: isSecret(field) ? null : (stored.values[field.key] ?? field.default ?? null),
      isSet: isSecret(field) ? status[field.key] : false,
    }))
  }

  /**
   * A VineJS validator for the fields. A required secret that is
   * already stored becomes optional: leaving it blank keeps it. An
   * unticked checkbox sends nothing, so booleans are never required.
   */
  validatorFor(fields: SettingsField[], secretsSet: Record<string, boolean> = {}) {
    const properties: Record<string, SchemaTypes> = {}
    for (const field of fields) {
      const stored = isSecret(field) && secretsSet[field.key]
      const required = field.required && field.type !== 'boolean' && !stored
      const schema = this.schemaOf(field)
      properties[field.key] = required ? schema : (schema as any).optional()
    }
    properties._clear = vine.array(vine.string()).optional()
    return vine.create(properties)
  }

  /**
   * Validates the submitted form and stores it. Blank secrets keep
   * their stored value.
   */
  async save(
    tenantId: number,
    plugin: LoadedPlugin,
    pointId: number | null,
    data: Record<string, unknown>
  ) {
    const fields = this.fieldsOf(plugin)
    const values: Record<string, unknown> = {}
    const secrets: Record<string, string | undefined> = {}

    for (const field of fields) {
      const value = data[field.key]
      if (isSecret(field)) {
        secrets[field.key] = typeof value === 'string' && value !== '' ? value : undefined
      } else if (field.type === 'boolean') {
        values[field.key] = value === true
      } else {
        values[field.key] = value ?? null
      }
    }

    const secretKeys = new Set(fields.filter(isSecret).map((f) => f.key))
    const clear = ((data._clear as string[] | undefined) ?? []).filter((key) => secretKeys.has(key))
    await pluginSettings.save(tenantId, plugin.manifest.id, pointId, { values, secrets, clear })
  }

  /**
   * The schema of one field by its type.
   */
  protected schemaOf(field: SettingsField): SchemaTypes {
    switch (field.type) {
      case 'number': {
        let schema = vine.number()
        if (field.min !== undefined) schema = schema.min(field.min)
        if (field.max !== undefined) schema = schema.max(field.max)
        return schema
      }
      case 'boolean':
        return vine.boolean()
      case 'select':
        return vine.enum((field.options ?? []).map((option) => option.value))
      case 'email':
        return vine.string().trim().email().maxLength(254)
      case 'textarea':
        return this.text(field, 20000)
      default:
        return this.text(field, 1000)
    }
  }

  protected text(field: SettingsField, limit: number) {
    let schema = vine
      .string()
      .trim()
      .maxLength(field.max ?? limit)
    if (field.min !== undefined) schema = schema.minLength(field.min)
    return schema
  }
}

export default new SettingsFormService()
