import { fileURLToPath } from 'node:url'
import { FsLoader } from '@adonisjs/core/ace'
import type { BaseCommand } from '@adonisjs/core/ace'
import { pluginSubPaths } from './discovery.js'

/**
 * Ace loader for `plugins/<id>/commands`. Listed in adonisrc's
 * `commands`, since ace reads command metadata before providers boot.
 */
const appRoot = fileURLToPath(new URL('../../', import.meta.url))
const loaders = pluginSubPaths(appRoot, 'commands').map(
  (rel) => new FsLoader<typeof BaseCommand>(`${appRoot}${rel}`)
)

/**
 * Metadata of every plugin command.
 */
export async function getMetaData() {
  const lists = await Promise.all(loaders.map((loader) => loader.getMetaData()))
  return lists.flat()
}

/**
 * Loads the command class for a metadata entry.
 */
export async function getCommand(meta: { commandName: string }) {
  for (const loader of loaders) {
    const list = await loader.getMetaData()
    if (list.some((entry) => entry.commandName === meta.commandName)) {
      return loader.getCommand(meta as any)
    }
  }
  return null
}
