import env from '#start/env'
import type { RetentionAction } from '#app/privacy/types'

/**
 * The platform's retention rule for one data class: the longest a
 * tenant may keep it (tenants may shorten it per answering point,
 * never lengthen it) and what happens afterwards.
 */
export interface PlatformRetention {
  /* ISO 8601 duration; null: kept while in use. */
  period: string | null
  action: RetentionAction
}

/**
 * The seed product's published retention table, overridable per class
 * with RETENTION_<CLASS> (an ISO 8601 duration such as P18M, or
 * `keep`). Classes no module declares yet (call logs, call details,
 * user statistics) are listed here so the table shows every row.
 */
function rule(id: string, period: string | null, action: RetentionAction): PlatformRetention {
  const override = process.env[`RETENTION_${id.toUpperCase()}`]
  if (override === undefined || override === '') return { period, action }
  return { period: override === 'keep' ? null : override, action }
}

const privacyConfig = {
  retention: {
    call_logs: rule('call_logs', 'P2Y', 'archive'),
    tickets: rule('tickets', 'P2Y', 'archive'),
    attachments: rule('attachments', 'P1Y', 'archive'),
    user_statistics: rule('user_statistics', 'P1Y', 'delete'),
    call_details: rule('call_details', 'P2M', 'delete'),
    raw_email: rule('raw_email', 'P3M', 'delete'),
  } as Record<string, PlatformRetention>,

  /* How long before a pending record (a failed email's raw source)
     would expire admins are warned. */
  pendingWarning: env.get('RETENTION_WARNING', 'P14D'),

  /* Retention of the archive itself; null keeps archived records until
     an admin or a data-subject request deletes them. */
  archiveRetention: env.get('ARCHIVE_RETENTION', '') || null,

  /* Root records moved or deleted per statement. */
  batchSize: env.get('RETENTION_BATCH_SIZE', 2000),

  /* Days a data-subject export bundle can be downloaded before the
     worker deletes it. */
  exportBundleDays: env.get('PRIVACY_EXPORT_DAYS', 7),

  /* When the worker runs retention (cron, UTC). */
  schedule: env.get('RETENTION_SCHEDULE', '30 2 * * *'),
}

export default privacyConfig
