import semver from 'semver'
import edge from 'edge.js'
import { join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'
import type { Router } from '@adonisjs/core/http'
import type { Logger } from '@adonisjs/core/logger'
import type { ApplicationService } from '@adonisjs/core/types'
import { validateManifest } from './define_plugin.js'
import type { NavigationItem, PluginContext, PluginManifest, Role } from './types.js'
import {
  DependencyCycleException,
  DuplicateIdException,
  MissingDependencyException,
  VersionMismatchException,
} from './errors.js'
import { lazy } from './lazy.js'

const settingsStore = lazy(() => import('./plugin_settings.js'))
const moduleService = lazy(() => import('#services/module_service'))

type ManifestLoader = () => Promise<{ default: PluginManifest }>

/**
 * A plugin after loading: its manifest and the context it is given.
 */
export interface LoadedPlugin {
  manifest: PluginManifest
  context: PluginContext
}

/**
 * Loads, validates and runs the plugins found in `plugins/`. The core
 * talks to plugins only through this class.
 */
export class PluginHost {
  #plugins: LoadedPlugin[] = []
  #coreVersion: string

  constructor(
    protected app: ApplicationService,
    protected logger: Logger
  ) {
    const pkg = JSON.parse(readFileSync(app.makePath('package.json'), 'utf8'))
    this.#coreVersion = pkg.version
  }

  /**
   * Loaded plugins in dependency order.
   */
  get plugins(): readonly LoadedPlugin[] {
    return this.#plugins
  }

  /**
   * The plugin with this id, if loaded.
   */
  find(id: string): LoadedPlugin | undefined {
    return this.#plugins.find((plugin) => plugin.manifest.id === id)
  }

  /**
   * Imports every manifest from the generated index, validates each
   * and orders them so dependencies come first. Fails fast on a
   * contract violation.
   */
  async load(index: Record<string, ManifestLoader>) {
    const manifests: PluginManifest[] = []
    for (const [folder, loader] of Object.entries(index)) {
      const manifest = validateManifest((await loader()).default)
      if (manifests.some((m) => m.id === manifest.id)) {
        throw new DuplicateIdException(`Plugin "${manifest.id}" is defined twice`)
      }
      validateManifest(manifest, folder)
      if (!semver.satisfies(this.#coreVersion, manifest.requires)) {
        throw new VersionMismatchException(
          `Plugin "${manifest.id}" requires core ${manifest.requires}, ` +
            `this is ${this.#coreVersion}`
        )
      }
      manifests.push(manifest)
    }

    this.#plugins = this.#order(manifests).map((manifest) => ({
      manifest,
      context: this.#contextFor(manifest),
    }))
  }

  /**
   * Runs `register` then `boot` of every plugin and mounts each
   * plugin's views as the Edge disk named by its id.
   */
  async boot() {
    for (const { manifest, context } of this.#plugins) {
      manifest.register?.(context)
    }
    for (const { manifest, context } of this.#plugins) {
      const views = context.path('resources', 'views')
      if (existsSync(views)) edge.mount(manifest.id, views)
      await manifest.boot?.(context)
    }
  }

  /**
   * Registers each plugin's routes under `/p/<id>`, named `<id>.*`,
   * behind the given middleware (tenant, auth, module enabled), and
   * its webhook routes under `/hooks/<id>`.
   */
  registerRoutes(
    router: Router,
    middleware: (pluginId: string) => any[],
    webhookMiddleware: (pluginId: string) => any[]
  ) {
    for (const { manifest, context } of this.#plugins) {
      if (manifest.routes) {
        router
          .group(() => manifest.routes!(router, context))
          .prefix(`/p/${manifest.id}`)
          .as(manifest.id)
          .use(middleware(manifest.id))
      }
      if (manifest.webhooks) {
        router
          .group(() => manifest.webhooks!(router, context))
          .prefix(`/hooks/${manifest.id}`)
          .as(`${manifest.id}.hooks`)
          .use(webhookMiddleware(manifest.id))
      }
    }
  }

  /**
   * Starts each plugin's long-lived work. Worker process only.
   */
  async ready() {
    for (const { manifest, context } of this.#plugins) {
      await this.guard(manifest.id, 'ready', () => manifest.ready?.(context))
    }
  }

  /**
   * Registers every plugin's scheduled jobs with the queue's
   * scheduler (worker process only; the scheduler stores them, so a
   * restart updates rather than duplicates them). A schedule that
   * fails to register is logged and skipped.
   */
  async registerSchedules() {
    const ids: string[] = []
    for (const { manifest } of this.#plugins) {
      for (const entry of manifest.schedules ?? []) {
        const scheduleId = `${manifest.id}.${entry.id}`
        const done = await this.guard(manifest.id, `schedule:${entry.id}`, async () => {
          const { default: JobClass } = await entry.job()
          const builder = JobClass.schedule(entry.payload ?? {}).id(scheduleId)
          await (entry.every ? builder.every(entry.every) : builder.cron(entry.cron!))
          return true
        })
        if (done) ids.push(scheduleId)
      }
    }
    return ids
  }

  /**
   * Stops long-lived work, in reverse dependency order.
   */
  async shutdown() {
    for (const { manifest, context } of [...this.#plugins].reverse()) {
      await this.guard(manifest.id, 'shutdown', () => manifest.shutdown?.(context))
    }
  }

  /**
   * Navigation items of the given enabled plugins for a role.
   */
  navigation(enabled: Set<string>, role: Role): NavigationItem[] {
    return this.#plugins
      .filter(({ manifest }) => enabled.has(manifest.id))
      .flatMap(({ manifest }) => manifest.navigation ?? [])
      .filter((item) => !item.roles || item.roles.includes(role))
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
  }

  /**
   * Runs plugin code so that a throw is logged with the plugin id and
   * swallowed: one broken plugin never takes a page or worker down.
   */
  async guard<T>(pluginId: string, point: string, fn: () => T | Promise<T>) {
    try {
      return await fn()
    } catch (error) {
      this.logger.error({ plugin: pluginId, point, err: error }, 'plugin failed')
      return undefined
    }
  }

  #contextFor(manifest: PluginManifest): PluginContext {
    const root = this.app.makePath('plugins', manifest.id)
    return {
      id: manifest.id,
      app: this.app,
      logger: this.logger.child({ plugin: manifest.id }),
      path: (...segments) => join(root, ...segments),
      settings: {
        get: async (tenantId, pointId = null) => {
          const { default: store } = await settingsStore()
          return store.get(tenantId, manifest.id, manifest.settings, pointId)
        },
      },
      modules: {
        isEnabled: async (tenantId, pluginId) => {
          const { default: modules } = await moduleService()
          return modules.isEnabled(tenantId, pluginId)
        },
      },
    }
  }

  /**
   * Depth-first topological order over `dependsOn`.
   */
  #order(manifests: PluginManifest[]) {
    const byId = new Map(manifests.map((m) => [m.id, m]))
    const ordered: PluginManifest[] = []
    const state = new Map<string, 'visiting' | 'done'>()

    const visit = (manifest: PluginManifest) => {
      if (state.get(manifest.id) === 'done') return
      if (state.get(manifest.id) === 'visiting') {
        throw new DependencyCycleException(`Plugin "${manifest.id}" depends on itself`)
      }
      state.set(manifest.id, 'visiting')
      for (const dep of manifest.dependsOn ?? []) {
        const target = byId.get(dep)
        if (!target) {
          throw new MissingDependencyException(
            `Plugin "${manifest.id}" depends on "${dep}", which is not installed`
          )
        }
        visit(target)
      }
      state.set(manifest.id, 'done')
      ordered.push(manifest)
    }

    for (const manifest of [...manifests].sort((a, b) => a.id.localeCompare(b.id))) {
      visit(manifest)
    }
    return ordered
  }
}
