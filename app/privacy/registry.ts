import app from '@adonisjs/core/services/app'
import config from '@adonisjs/core/services/config'
import { DateTime, Duration } from 'luxon'
import type { PlatformRetention } from '#config/privacy'
import { CORE_DATA_CLASSES } from '#app/privacy/core_classes'
import type { DataTable, RegisteredDataClass, RetentionRule } from '#app/privacy/types'

/**
 * A table with the data class that declared it.
 */
export type RegisteredTable = DataTable & { classId: string; owner: string }

/**
 * Every declared data class: the core's, those plugins declare with
 * the manifest key `dataClasses`, and the classes only the platform
 * config names yet (call logs before telephony exists). Each class's
 * rule is capped by the platform maximum from `config/privacy.ts`.
 */
export class DataClassRegistry {
  #classes: RegisteredDataClass[]

  constructor(declared: RegisteredDataClass[], platform: Record<string, PlatformRetention>) {
    const byId = new Map<string, RegisteredDataClass>()
    for (const item of declared) {
      if (byId.has(item.id)) {
        throw new Error(`Data class "${item.id}" is declared twice (${item.owner})`)
      }
      byId.set(item.id, capped(item, platform[item.id]))
    }
    for (const [id, rule] of Object.entries(platform)) {
      if (byId.has(id)) continue
      byId.set(id, {
        id,
        owner: 'platform',
        label: `retention.classes.${id}`,
        retention: { ...rule, age: 'created_at' },
        tables: [],
      })
    }
    const order = Object.keys(platform)
    this.#classes = [...byId.values()].sort((a, b) => rank(order, a.id) - rank(order, b.id))
  }

  /**
   * The registry of the running app: core classes plus those of every
   * loaded plugin.
   */
  static async load() {
    const host = await app.container.make('plugins')
    const declared: RegisteredDataClass[] = [
      ...CORE_DATA_CLASSES.map((item) => ({ ...item, owner: 'core' })),
      ...host.plugins.flatMap(({ manifest }) =>
        (manifest.dataClasses ?? []).map((item) => ({ ...item, owner: manifest.id }))
      ),
    ]
    return new DataClassRegistry(declared, config.get('privacy.retention', {}))
  }

  /**
   * All classes, in the order of the published retention table.
   */
  all(): readonly RegisteredDataClass[] {
    return this.#classes
  }

  /**
   * One class by id.
   */
  find(id: string) {
    return this.#classes.find((item) => item.id === id)
  }

  /**
   * Classes that expire records.
   */
  expiring() {
    return this.#classes.filter(
      (item) => item.retention?.period && item.tables.length > 0
    ) as (RegisteredDataClass & { retention: RetentionRule & { period: string } })[]
  }

  /**
   * Every table holding personal data, once each (the first class to
   * declare a table describes it), for the data-subject engine.
   */
  tables(): RegisteredTable[] {
    const seen = new Map<string, RegisteredTable>()
    for (const item of this.#classes) {
      for (const table of item.tables) {
        if (!seen.has(table.table)) {
          seen.set(table.table, { ...table, classId: item.id, owner: item.owner })
        }
      }
    }
    return [...seen.values()]
  }
}

/**
 * The class with the platform's rule applied: the platform period
 * replaces the declared one only when it is shorter (or when the
 * class is kept while in use and the platform sets a period).
 */
function capped(item: RegisteredDataClass, platform?: PlatformRetention): RegisteredDataClass {
  if (!platform || !item.retention) return item
  const period = shorter(item.retention.period, platform.period)
  return { ...item, retention: { ...item.retention, period } }
}

/**
 * The shorter of two ISO durations; null means unlimited.
 */
export function shorter(a: string | null, b: string | null) {
  if (a === null) return b
  if (b === null) return a
  return durationMillis(a) <= durationMillis(b) ? a : b
}

/**
 * A duration's length from a fixed reference date, so months and
 * years compare the same way everywhere.
 */
export function durationMillis(iso: string) {
  const duration = Duration.fromISO(iso)
  if (!duration.isValid) throw new Error(`Invalid retention period "${iso}"`)
  const start = DateTime.fromISO('2000-01-01T00:00:00Z', { zone: 'utc' })
  return start.plus(duration).toMillis() - start.toMillis()
}

function rank(order: string[], id: string) {
  const index = order.indexOf(id)
  return index === -1 ? order.length : index
}
