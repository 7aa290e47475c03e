import { compose } from '@adonisjs/core/helpers'
import { RetentionRunSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

export type RetentionRunStatus = 'running' | 'done' | 'failed'

/**
 * Counts of one class in a run's report.
 */
export interface ClassReport {
  archived: number
  deleted: number
  anonymised: number
  /* Child rows moved or deleted with the records. */
  rows: number
  /* Files moved to the archive disk or deleted. */
  files: number
}

/**
 * Per class counts, and the pending records admins are warned about.
 */
export interface RunReport {
  classes: Record<string, ClassReport>
  warnings: { classId: string; count: number }[]
  /* Last root id done per class and point pass, for resuming. */
  cursors: Record<string, number>
}

/**
 * One retention run for one tenant: the clock time it expires
 * against (kept, so a resumed run does exactly what the interrupted
 * one would have) and its report, saved after every batch.
 */
export default class RetentionRun extends compose(RetentionRunSchema, withTenantScope()) {
  declare status: RetentionRunStatus
  declare report: RunReport | null
}
