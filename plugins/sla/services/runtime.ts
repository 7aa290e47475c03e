import type { PluginContext } from '#plugin_host/types'

let current: PluginContext | null = null

/**
 * Keeps the plugin context the host handed to `boot`, for services
 * that need settings, module state or the container.
 */
export function setRuntime(ctx: PluginContext) {
  current = ctx
}

/**
 * The plugin context; throws before boot.
 */
export function runtime(): PluginContext {
  if (!current) throw new Error('sla plugin has not booted')
  return current
}
