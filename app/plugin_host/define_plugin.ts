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
  'register',
  'boot',
  'routes',
  'webhooks',
  'ready',
  'shutdown',
])

const HOOKS = ['register', 'boot', 'routes', 'webhooks', 'ready', 'shutdown']

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
  for (const field of manifest.settings?.fields ?? []) {
    if (!/^[a-z][a-z0-9_]*$/.test(field.key)) {
      fail(id, `settings field "${field.key}" has an invalid key`)
    }
  }
  return manifest
}

/**
 * Declares a plugin. The default export of every `plugins/<id>/plugin.ts`.
 */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return validateManifest(manifest)
}
