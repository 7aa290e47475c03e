import type { Router } from '@adonisjs/core/http'
import type { Logger } from '@adonisjs/core/logger'
import type { ApplicationService } from '@adonisjs/core/types'
import type { DataClass } from '#app/privacy/types'

/**
 * Who may see a contributed item.
 */
export type Role = 'admin' | 'supervisor' | 'agent'

/**
 * One field of a plugin's declared settings. The core renders the
 * settings form and builds the validator from these.
 */
export interface SettingsField {
  key: string
  /** Translation key of the label. */
  label: string
  type: 'text' | 'email' | 'number' | 'password' | 'boolean' | 'select' | 'textarea'
  /** Stored encrypted and never sent back to the browser. */
  secret?: boolean
  required?: boolean
  options?: { value: string; label: string }[]
  min?: number
  max?: number
  default?: string | number | boolean
  help?: string
}

/**
 * A group of settings, for the tenant or one answering point.
 */
export interface SettingsSection {
  scope: 'tenant' | 'answering_point'
  fields: SettingsField[]
}

/**
 * A link in the agent UI's navigation.
 */
export interface NavigationItem {
  /** Translation key of the label. */
  label: string
  /** Route name, including the plugin prefix (`email.failed.index`). */
  route: string
  roles?: Role[]
  order?: number
}

/**
 * A partial the core renders in one of its contribution points.
 */
export interface ViewContribution {
  /** Edge template on the plugin's disk (`sla::badge`). */
  view: string
  order?: number
  /**
   * Loads what the partial needs for all the tickets of a page in one
   * go (ticket-list columns, ticket badges and ticket panels). The
   * result is given to the partial as `data`; keep it keyed by ticket id.
   */
  prepare?(tickets: any[], tenantId: number): Promise<Record<string, unknown>>
}

/**
 * A job the worker runs on a timetable (`@adonisjs/queue`'s
 * scheduler). The job runs once per tick for the whole platform and
 * decides itself which tenants to work for.
 */
export interface ScheduleContribution {
  /** Unique within the plugin; the schedule id is `<plugin>.<id>`. */
  id: string
  /** Lazy import of the job module (default export: a queue Job). */
  job: () => Promise<{ default: any }>
  /** Interval understood by the scheduler, such as `1m` or `30s`. */
  every?: string
  /** Cron expression, as an alternative to `every`. */
  cron?: string
  payload?: Record<string, unknown>
}

/**
 * What the plugin gets from the core. Plugins use this, never core
 * internals.
 */
export interface PluginContext {
  id: string
  app: ApplicationService
  logger: Logger
  /** Absolute path inside the plugin folder. */
  path(...segments: string[]): string
  /** This plugin's declared settings as stored by the core's settings page. */
  settings: {
    /**
     * Values for a tenant (or one of its answering points when the
     * plugin's settings are per point): defaults, then stored values,
     * with secrets decrypted.
     */
    get(tenantId: number, pointId?: number | null): Promise<Record<string, unknown>>
  }
  /** Module state per tenant, e.g. whether a dependency is enabled. */
  modules: {
    isEnabled(tenantId: number, pluginId: string): Promise<boolean>
  }
}

/**
 * The manifest a plugin's `plugin.ts` default-exports through
 * `definePlugin`.
 */
export interface PluginManifest {
  id: string
  name: string
  version: string
  kind: 'channel' | 'feature'
  /** Semver range of the core version the plugin works with. */
  requires: string
  dependsOn?: string[]
  /** What happens when a dependency is disabled for a tenant. */
  whenDependencyDisabled?: 'disable' | 'degrade'
  description?: string

  settings?: SettingsSection
  navigation?: NavigationItem[]
  ticketListColumns?: (ViewContribution & { label: string })[]
  ticketBadges?: ViewContribution[]
  ticketPanels?: ViewContribution[]
  contactPanels?: ViewContribution[]
  /** Periodic jobs, registered by the worker process. */
  schedules?: ScheduleContribution[]
  /** The personal data the plugin stores (see app/privacy/types.ts). */
  dataClasses?: DataClass[]

  register?(ctx: PluginContext): void
  boot?(ctx: PluginContext): void | Promise<void>
  routes?(router: Router, ctx: PluginContext): void
  /** Public routes with the tenant taken from a token in the URL. */
  webhooks?(router: Router, ctx: PluginContext): void
  /** Long-lived work; runs in the worker process only. */
  ready?(ctx: PluginContext): void | Promise<void>
  shutdown?(ctx: PluginContext): void | Promise<void>
}
