import config from '@adonisjs/core/services/config'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import i18nManager from '@adonisjs/i18n/services/main'
import { DateTime, Duration } from 'luxon'
import RetentionRun, { type ClassReport, type RunReport } from '#models/retention_run'
import { DataClassRegistry, shorter } from '#app/privacy/registry'
import type { DataTable, PersonalKind, RetentionAction } from '#app/privacy/types'
import { TenantContext } from '#services/tenant_context'
import retentionPolicy from '#services/retention/retention_policy'
import { systemClock, sqlTime, type Clock } from '#services/retention/clock'
import {
  RetentionPlan,
  marks,
  q,
  type Fragment,
  type PointScope,
} from '#services/retention/retention_plan'
import {
  tableColumns,
  withSqlRunner,
  type Binding,
  type SqlRunner,
} from '#services/retention/sql_runner'

/**
 * Steps of a batch, for tests that interrupt a run between them.
 */
export type BatchStep = 'selected' | 'copied' | 'removed'

export interface RunOptions {
  clock?: Clock
  batchSize?: number
  registry?: DataClassRegistry
  /* Replaces a class's action (the benchmark deletes tickets). */
  actions?: Record<string, RetentionAction>
  /* Only these classes. */
  only?: string[]
  /* Called after each step of a batch; a throw interrupts the run as
     a crash would. */
  onStep?: (step: BatchStep, classId: string) => void | Promise<void>
}

/* A run whose heartbeat is older than this is taken over. */
const STALE_AFTER = Duration.fromObject({ minutes: 10 })

/* Rows per statement when the archive is on another server. */
const COPY_CHUNK = 500

/**
 * What replaces a personal column of this kind when retention
 * anonymises rows: names and text get the tenant's placeholders (in
 * its default language), everything else becomes null.
 */
function scrubbed(kind: PersonalKind, words: { name: string; text: string }) {
  if (kind === 'name') return words.name
  if (kind === 'text') return words.text
  return null
}

/**
 * The anonymisation placeholders in a tenant's default language.
 */
async function tenantPlaceholders(tenantId: number) {
  const tenant = await db.from('tenants').where('id', tenantId).select('default_locale').first()
  const i18n = i18nManager.locale(tenant?.default_locale ?? i18nManager.defaultLocale)
  return {
    name: i18n.t('privacy.placeholders.name'),
    text: i18n.t('privacy.placeholders.text'),
  }
}

/**
 * Runs retention for one tenant: every data class with a period is
 * expired in batches (archived, deleted or anonymised) against the
 * time the run started, per answering point with the tenant's shorter
 * periods, skipping records on legal hold and pending records.
 *
 * Resumable and idempotent: the run row keeps its clock time and a
 * cursor per class; a batch first copies its rows to the archive with
 * REPLACE by id, then deletes them from production, so a crash
 * between the two re-copies the same rows on resume instead of losing
 * or duplicating them.
 */
export class RetentionService {
  /**
   * Runs (or resumes) retention for a tenant and returns the run with
   * its report.
   */
  async run(tenantId: number, options: RunOptions = {}): Promise<RetentionRun> {
    return TenantContext.run(tenantId, async () => {
      const clock = options.clock ?? systemClock
      const { run, busy } = await this.#start(clock)
      if (busy) return run
      try {
        await this.#expire(run, tenantId, options)
        await this.#expireArchive(run, tenantId)
        run.report = { ...run.report!, warnings: await this.pendingWarnings(options, run.clockAt) }
        run.status = 'done'
        run.error = null
        run.finishedAt = clock.now()
        await run.save()
        logger.info({ tenantId, runId: run.id }, 'retention run done')
        return run
      } catch (error) {
        run.status = 'failed'
        /* A driver's message may quote a row's values: the run
           keeps the error's code, the log keeps the rest. */
        run.error = errorCode(error)
        await run.save()
        logger.error({ tenantId, runId: run.id, err: error }, 'retention run failed')
        throw error
      }
    })
  }

  /**
   * Pending records (a failed email's raw source) that are past their
   * period or will be within the warning window, per class: they are
   * kept until resolved, and admins are told. Current tenant.
   */
  async pendingWarnings(options: RunOptions = {}, at?: DateTime) {
    const tenantId = TenantContext.require()
    const registry = options.registry ?? (await DataClassRegistry.load())
    const now = at ?? (options.clock ?? systemClock).now()
    const window = Duration.fromISO(config.get('privacy.pendingWarning', 'P14D'))
    const warnings: RunReport['warnings'] = []
    for (const item of registry.expiring()) {
      const pending = item.retention.pending
      if (!pending) continue
      const cutoff = now.minus(Duration.fromISO(item.retention.period)).plus(window)
      const root = item.tables[0]
      const [row] = await db
        .from(root.table)
        .where('tenant_id', tenantId)
        .whereIn(pending.column, pending.values)
        .where(item.retention.age, '<', sqlTime(cutoff))
        .count('* as total')
      const count = Number(row.total)
      if (count > 0) warnings.push({ classId: item.id, count })
    }
    return warnings
  }

  /**
   * The run to continue: the tenant's last run when it was
   * interrupted (failed, or running with a stale heartbeat), else a
   * new one. A run another worker is still at is returned marked busy.
   */
  async #start(clock: Clock) {
    const now = clock.now()
    const last = await RetentionRun.query().orderBy('id', 'desc').first()
    if (last && last.status !== 'done') {
      const heartbeat = last.heartbeatAt ?? last.createdAt
      if (last.status === 'running' && heartbeat > now.minus(STALE_AFTER)) {
        return { run: last, busy: true }
      }
      last.status = 'running'
      last.heartbeatAt = now
      await last.save()
      return { run: last, busy: false }
    }
    const run = await RetentionRun.create({
      status: 'running',
      clockAt: now,
      heartbeatAt: now,
      report: { classes: {}, warnings: [], cursors: {} },
    })
    return { run, busy: false }
  }

  async #expire(run: RetentionRun, tenantId: number, options: RunOptions) {
    const registry = options.registry ?? (await DataClassRegistry.load())
    const batchSize = options.batchSize ?? config.get<number>('privacy.batchSize', 2000)
    const clockAt = run.clockAt

    for (const item of registry.expiring()) {
      if (options.only && !options.only.includes(item.id)) continue
      const action = options.actions?.[item.id] ?? item.retention.action
      const plan = new RetentionPlan({ ...item, retention: { ...item.retention, action } })
      const passes = await this.#passes(item.id, item.retention.period)
      for (const pass of passes) {
        const key = `${item.id}:${pass.key}`
        const cutoff = sqlTime(clockAt.minus(Duration.fromISO(pass.period)))
        const columns = await this.#columns(plan, action)
        for (;;) {
          const report = run.report as RunReport
          const after = report.cursors[key] ?? 0
          const due = plan.due({ tenantId, cutoff, after, scope: pass.scope, limit: batchSize })
          const ids = await withSqlRunner(async (runner) =>
            (await runner.all<{ id: number }>(due.sql, due.bindings)).map((row) => Number(row.id))
          )
          if (ids.length === 0) break
          await options.onStep?.('selected', item.id)
          const counts = await this.#batch(plan, action, tenantId, ids, clockAt, columns, options)
          const totals = (report.classes[item.id] ??= emptyCounts())
          for (const [name, value] of Object.entries(counts)) {
            totals[name as keyof ClassReport] += value
          }
          report.cursors[key] = ids[ids.length - 1]
          run.report = { ...report }
          run.heartbeatAt = DateTime.utc()
          await run.save()
          if (ids.length < batchSize) break
        }
      }
    }
  }

  /**
   * One pass per answering point with a shorter period, then one for
   * every other row with the platform period.
   */
  async #passes(classId: string, period: string) {
    const overrides = await retentionPolicy.overrides(classId)
    const passes: { key: string; period: string; scope: PointScope }[] = []
    for (const [point, override] of overrides) {
      /* A point's period never outlasts the platform's, even when the
         platform period was shortened after the point's was set. */
      const capped = shorter(override, period) ?? period
      passes.push({ key: `p${point}`, period: capped, scope: { point } })
    }
    passes.push({ key: 'rest', period, scope: { except: [...overrides.keys()] } })
    return passes
  }

  /**
   * Columns copied per table: those production and archive share.
   * Read before a runner holds the connection.
   */
  async #columns(plan: RetentionPlan, action: RetentionAction) {
    const columns = new Map<string, string[]>()
    if (action !== 'archive') return columns
    for (const table of plan.dataClass.tables) {
      const archived = new Set(await tableColumns(table.table, 'archive'))
      const shared = (await tableColumns(table.table)).filter(
        (column) => archived.has(column) && column !== 'archived_at'
      )
      columns.set(table.table, shared)
    }
    return columns
  }

  /**
   * Expires one batch of root ids; the counts it changed.
   */
  async #batch(
    plan: RetentionPlan,
    action: RetentionAction,
    tenantId: number,
    ids: number[],
    clockAt: DateTime,
    columns: Map<string, string[]>,
    options: RunOptions
  ): Promise<ClassReport> {
    const counts = emptyCounts()
    const clear = plan.rule.clear
    const files = await this.#files(plan, tenantId, ids, clear)

    if (action === 'archive') {
      counts.files += await this.#copyFiles(files)
      await this.#copyRows(plan, tenantId, ids, clockAt, columns)
      await options.onStep?.('copied', plan.dataClass.id)
    }

    if (action === 'anonymise') {
      /* Read before the transaction, which holds the one connection. */
      const words = await tenantPlaceholders(tenantId)
      counts.anonymised = await withSqlRunner((runner) =>
        runner.transaction(() => this.#scrub(runner, plan, tenantId, ids, words))
      )
    } else if (action === 'delete' && clear?.length) {
      counts.deleted = await withSqlRunner((runner) => {
        const sets = clear.map((column) => `${q(column)} = null`).join(', ')
        return runner.run(
          `update ${q(plan.root.table)} set ${sets} where ${q('id')} in (${marks(ids.length)})`,
          ids
        )
      })
    } else {
      const removed = await withSqlRunner(
        (runner) => runner.transaction(() => this.#remove(runner, plan, tenantId, ids)),
        { noForeignKeys: true }
      )
      counts[action === 'archive' ? 'archived' : 'deleted'] = removed.root
      counts.rows = removed.children
    }
    await options.onStep?.('removed', plan.dataClass.id)

    const deleted = await this.#deleteUnreferenced(files, tenantId)
    if (action !== 'archive') counts.files += deleted
    await plan.dataClass.hooks?.afterBatch?.({ tenantId, action, ids })
    return counts
  }

  /**
   * Stored files the batch's rows name (only the cleared columns when
   * the action clears columns).
   */
  async #files(plan: RetentionPlan, tenantId: number, ids: number[], clear?: string[]) {
    const found: { table: string; column: string; key: string }[] = []
    await withSqlRunner(async (runner) => {
      for (const table of plan.dataClass.tables) {
        for (const column of plan.fileColumns(table)) {
          if (clear?.length && (table !== plan.root || !clear.includes(column))) continue
          const member = this.#member(plan, table, tenantId, ids)
          const rows = await runner.all<Record<string, string>>(
            `select distinct ${q(column)} as k from ${q(table.table)} ` +
              `where ${member.sql} and ${q(column)} is not null`,
            member.bindings
          )
          for (const row of rows) found.push({ table: table.table, column, key: row.k })
        }
      }
    })
    return found
  }

  /**
   * Copies files to the archive disk; a file already moved by an
   * interrupted batch is skipped.
   */
  async #copyFiles(files: { key: string }[]) {
    const source = drive.use('fs')
    const target = drive.use('archive')
    let copied = 0
    for (const { key } of files) {
      if (!(await source.exists(key))) continue
      await target.put(key, await source.getBytes(key))
      copied++
    }
    return copied
  }

  /**
   * Deletes files no production row names any more.
   */
  async #deleteUnreferenced(
    files: { table: string; column: string; key: string }[],
    tenantId: number
  ) {
    let deleted = 0
    for (const file of files) {
      const still = await db
        .from(file.table)
        .where('tenant_id', tenantId)
        .where(file.column, file.key)
        .first()
      if (still) continue
      await drive.use('fs').delete(file.key)
      deleted++
    }
    return deleted
  }

  /**
   * Copies the batch's rows, every table of the class, to the archive
   * (REPLACE by id: a repeated copy changes nothing).
   */
  async #copyRows(
    plan: RetentionPlan,
    tenantId: number,
    ids: number[],
    clockAt: DateTime,
    columns: Map<string, string[]>
  ) {
    const archivedAt = sqlTime(clockAt)
    await withSqlRunner(async (runner) => {
      if (runner.archive) {
        await runner.transaction(async () => {
          for (const table of plan.dataClass.tables) {
            const list = columns.get(table.table)!.map(q).join(', ')
            const member = this.#member(plan, table, tenantId, ids)
            await runner.run(
              `replace into ${runner.archive}.${q(table.table)} (${list}, ${q('archived_at')}) ` +
                `select ${list}, ? from ${q(table.table)} where ${member.sql}`,
              [archivedAt, ...member.bindings]
            )
          }
        })
        return
      }
      await this.#copyRowsAcross(runner, plan, tenantId, ids, archivedAt, columns)
    })
  }

  /**
   * The copy when the archive is on another server: rows read from
   * production, written in multi-row upserts.
   */
  async #copyRowsAcross(
    runner: SqlRunner,
    plan: RetentionPlan,
    tenantId: number,
    ids: number[],
    archivedAt: string,
    columns: Map<string, string[]>
  ) {
    const archive = db.connection('archive')
    for (const table of plan.dataClass.tables) {
      const list = columns.get(table.table)!
      const member = this.#member(plan, table, tenantId, ids)
      const rows = await runner.all(
        `select ${list.map(q).join(', ')} from ${q(table.table)} where ${member.sql}`,
        member.bindings
      )
      for (let start = 0; start < rows.length; start += COPY_CHUNK) {
        const chunk = rows
          .slice(start, start + COPY_CHUNK)
          .map((row) => ({ ...row, archived_at: archivedAt }))
        await archive.table(table.table).insert(chunk).onConflict('id').merge()
      }
    }
  }

  /**
   * Deletes the batch's rows, children first.
   */
  async #remove(runner: SqlRunner, plan: RetentionPlan, tenantId: number, ids: number[]) {
    let children = 0
    let root = 0
    for (const table of plan.deleteOrder()) {
      const member = this.#member(plan, table, tenantId, ids)
      const changed = await runner.run(
        `delete from ${q(table.table)} where ${member.sql}`,
        member.bindings
      )
      if (table === plan.root) root = changed
      else children += changed
    }
    return { root, children }
  }

  /**
   * Replaces the personal columns of the batch's rows.
   */
  async #scrub(
    runner: SqlRunner,
    plan: RetentionPlan,
    tenantId: number,
    ids: number[],
    words: { name: string; text: string }
  ) {
    let root = 0
    for (const table of plan.dataClass.tables) {
      const entries = Object.entries(table.personal).filter(([, kind]) => kind !== 'file')
      if (!entries.length) continue
      const sets = entries.map(([column]) => `${q(column)} = ?`).join(', ')
      const values: Binding[] = entries.map(([, kind]) => scrubbed(kind, words))
      const member = this.#member(plan, table, tenantId, ids)
      const changed = await runner.run(`update ${q(table.table)} set ${sets} where ${member.sql}`, [
        ...values,
        ...member.bindings,
      ])
      if (table === plan.root) root = changed
    }
    return root
  }

  /**
   * Membership of a table's rows in the batch; a direct child of the
   * root is matched on the ids themselves.
   */
  #member(plan: RetentionPlan, table: DataTable, tenantId: number, ids: number[]): Fragment {
    if (table !== plan.root && table.parent?.table === plan.root.table) {
      return {
        sql: `${q('tenant_id')} = ? and ${q(table.parent.column)} in (${marks(ids.length)})`,
        bindings: [tenantId, ...ids],
      }
    }
    return plan.membership(table, tenantId, ids)
  }

  /**
   * The archive's own retention (none by default): archived records
   * older than it are deleted, and counted in the run's report.
   */
  async #expireArchive(run: RetentionRun, tenantId: number) {
    const period = config.get<string | null>('privacy.archiveRetention', null)
    if (!period) return
    const { default: archive } = await import('#services/retention/archive_service')
    const cutoff = sqlTime(run.clockAt.minus(Duration.fromISO(period)))
    const deleted = await archive.expire(tenantId, cutoff)
    if (deleted.tickets + deleted.attachments === 0) return
    const report = run.report as RunReport
    const totals = (report.classes.archive ??= emptyCounts())
    totals.deleted += deleted.tickets
    totals.files += deleted.attachments
    run.report = { ...report }
    await run.save()
  }
}

function emptyCounts(): ClassReport {
  return { archived: 0, deleted: 0, anonymised: 0, rows: 0, files: 0 }
}

export default new RetentionService()

/**
 * A failure's code (`SQLITE_BUSY`, `ER_LOCK_DEADLOCK`, `E_...`) or
 * class name, which names what went wrong without quoting data.
 */
export function errorCode(error: unknown) {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code
    return typeof code === 'string' && code ? code : error.name
  }
  return 'Error'
}
