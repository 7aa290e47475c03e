import semver from 'semver'
import { Duration } from 'luxon'
import { PLUGIN_ID_PATTERN } from './discovery.js'
import type { PluginManifest } from './types.js'
import { InvalidManifestException } from './errors.js'

const ALLOWED_KEYS = new Set<string>([
  'id',
  'name',
  'version',
  'kind',
  'requires',
  'dependsOn',
  'whenDependencyDisabled',
  'description',
  'settings',
  'navigation',
  'ticketListColumns',
  'ticketBadges',
  'ticketPanels',
  'contactPanels',
  'schedules',
  'dataClasses',
  'register',
  'boot',
  'routes',
  'webhooks',
  'ready',
  'shutdown',
])

const HOOKS = ['register', 'boot', 'routes', 'webhooks', 'ready', 'shutdown']

const FIELD_TYPES = new Set([
  'text',
  'email',
  'number',
  'password',
  'boolean',
  'select',
  'textarea',
])

function fail(id: string, reason: string): never {
  throw new InvalidManifestException(`Plugin "${id}": ${reason}`)
}

/**
 * Checks a manifest's shape. Unknown keys, a bad id or a hook that is
 * not a function fail with E_PLUGIN_INVALID_MANIFEST naming the plugin.
 */
export function validateManifest(manifest: PluginManifest, folder?: string) {
  const id = manifest?.id ?? folder ?? '?'
  if (!manifest || typeof manifest !== 'object') fail(id, 'manifest is not an object')

  for (const key of Object.keys(manifest)) {
    if (!ALLOWED_KEYS.has(key)) fail(id, `unknown key "${key}"`)
  }
  if (!PLUGIN_ID_PATTERN.test(manifest.id ?? '')) {
    fail(id, 'id must match ^[a-z][a-z_]*$')
  }
  if (folder && folder !== manifest.id) {
    fail(id, `id does not match its folder "${folder}"`)
  }
  for (const key of ['name', 'version', 'requires'] as const) {
    if (typeof manifest[key] !== 'string' || !manifest[key]) {
      fail(id, `"${key}" must be a non-empty string`)
    }
  }
  if (manifest.kind !== 'channel' && manifest.kind !== 'feature') {
    fail(id, 'kind must be "channel" or "feature"')
  }
  for (const hook of HOOKS) {
    const value = (manifest as any)[hook]
    if (value !== undefined && typeof value !== 'function') {
      fail(id, `"${hook}" must be a function`)
    }
  }
  if (!semver.validRange(manifest.requires)) {
    fail(id, `"requires" is not a semver range: "${manifest.requires}"`)
  }
  const deps = manifest.dependsOn ?? []
  if (!Array.isArray(deps) || deps.some((dep) => typeof dep !== 'string')) {
    fail(id, '"dependsOn" must be a list of plugin ids')
  }
  const mode = manifest.whenDependencyDisabled
  if (mode !== undefined && mode !== 'disable' && mode !== 'degrade') {
    fail(id, '"whenDependencyDisabled" must be "disable" or "degrade"')
  }
  validateSchedules(id, manifest)
  validateSettings(id, manifest)
  validateDataClasses(id, manifest)
  return manifest
}

/**
 * Checks scheduled jobs: a unique id, a lazy job import, and exactly
 * one of `every` or `cron`.
 */
function validateSchedules(id: string, manifest: PluginManifest) {
  const schedules = manifest.schedules
  if (schedules === undefined) return
  if (!Array.isArray(schedules)) fail(id, '"schedules" must be a list')
  const seen = new Set<string>()
  for (const entry of schedules) {
    if (!/^[a-z][a-z0-9_]*$/.test(entry?.id ?? '')) {
      fail(id, `schedule "${entry?.id}" has an invalid id`)
    }
    if (seen.has(entry.id)) fail(id, `schedule "${entry.id}" is declared twice`)
    seen.add(entry.id)
    if (typeof entry.job !== 'function') fail(id, `schedule "${entry.id}" needs a job import`)
    if (!entry.every === !entry.cron) {
      fail(id, `schedule "${entry.id}" needs exactly one of "every" or "cron"`)
    }
  }
}

/**
 * Checks the declared settings fields: known scope and types, unique
 * keys that are safe form field names, options for selects.
 */
function validateSettings(id: string, manifest: PluginManifest) {
  const settings = manifest.settings
  if (settings === undefined) return
  if (settings.scope !== 'tenant' && settings.scope !== 'answering_point') {
    fail(id, 'settings scope must be "tenant" or "answering_point"')
  }
  if (!Array.isArray(settings.fields)) fail(id, 'settings fields must be a list')

  const seen = new Set<string>()
  for (const field of settings.fields) {
    if (!/^[a-z][a-z0-9_]*$/.test(field.key ?? '')) {
      fail(id, `settings field "${field.key}" has an invalid key`)
    }
    if (seen.has(field.key)) fail(id, `settings field "${field.key}" is declared twice`)
    seen.add(field.key)
    if (!FIELD_TYPES.has(field.type)) {
      fail(id, `settings field "${field.key}" has an unknown type "${field.type}"`)
    }
    if (typeof field.label !== 'string' || !field.label) {
      fail(id, `settings field "${field.key}" needs a label`)
    }
    if (field.type === 'select' && !field.options?.length) {
      fail(id, `settings field "${field.key}" is a select without options`)
    }
  }
}

const ACTIONS = new Set(['archive', 'delete', 'anonymise'])

/**
 * Checks the declared data classes: ids, a table list whose children
 * name their parents, an ISO 8601 period and a known action.
 */
function validateDataClasses(id: string, manifest: PluginManifest) {
  const classes = manifest.dataClasses
  if (classes === undefined) return
  if (!Array.isArray(classes)) fail(id, '"dataClasses" must be a list')
  for (const item of classes) {
    if (!/^[a-z][a-z0-9_]*$/.test(item?.id ?? '')) {
      fail(id, `data class "${item?.id}" has an invalid id`)
    }
    if (typeof item.label !== 'string' || !item.label) {
      fail(id, `data class "${item.id}" needs a label`)
    }
    if (!Array.isArray(item.tables)) fail(id, `data class "${item.id}" needs a table list`)
    item.tables.forEach((table, index) => {
      if (index > 0 && !table.parent) {
        fail(id, `data class "${item.id}": table "${table.table}" names no parent`)
      }
    })
    const rule = item.retention
    if (rule === null) continue
    if (!rule || !ACTIONS.has(rule.action)) {
      fail(id, `data class "${item.id}" has an unknown retention action`)
    }
    if (rule.period !== null && !Duration.fromISO(rule.period).isValid) {
      fail(id, `data class "${item.id}" has an invalid period "${rule.period}"`)
    }
  }
}

/**
 * Declares a plugin. The default export of every `plugins/<id>/plugin.ts`.
 */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return validateManifest(manifest)
}
