import type { ApplicationService } from '@adonisjs/core/types'
import { PluginHost } from '#plugin_host/plugin_host'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    plugins: PluginHost
  }
}

/**
 * Loads the plugins from the generated index at boot, so a contract
 * violation stops the application before it serves anything.
 */
export default class PluginsProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('plugins', async (resolver) => {
      const logger = await resolver.make('logger')
      return new PluginHost(this.app, logger)
    })
  }

  async boot() {
    const host = await this.app.container.make('plugins')
    const { plugins } = await import('#generated/plugins')
    await host.load(plugins)
    await host.boot()
  }

  async shutdown() {
    const host = await this.app.container.make('plugins')
    await host.shutdown()
  }
}
