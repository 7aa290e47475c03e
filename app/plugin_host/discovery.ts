import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Plugin ids follow this pattern because the id also names the
 * plugin's Edge disk, route names, translation file and job names.
 */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z_]*$/

/**
 * Lists the plugin folders under `<root>/plugins` that hold an entry
 * file, sorted by id. Used where config must be known before any
 * provider runs (migration paths, translation loaders, test globs).
 */
export function pluginIds(root: string | URL): string[] {
  const base = join(root instanceof URL ? root.pathname : root, 'plugins')
  if (!existsSync(base)) return []

  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) => {
      const dir = join(base, entry.name)
      return existsSync(join(dir, 'plugin.ts')) || existsSync(join(dir, 'plugin.js'))
    })
    .map((entry) => entry.name)
    .sort()
}

/**
 * Relative paths `plugins/<id>/<sub>` of the plugins that have the
 * given sub-folder.
 */
export function pluginSubPaths(root: string | URL, sub: string): string[] {
  const base = root instanceof URL ? root.pathname : root
  return pluginIds(root)
    .map((id) => `plugins/${id}/${sub}`)
    .filter((rel) => existsSync(join(base, rel)))
}
