import type { JobOptions } from '@adonisjs/queue/types'
import { PrivacyRequestJob } from '#services/privacy/privacy_request_job'

/**
 * Builds the export bundle of one contact (a data-subject request).
 * Retried twice; then the request is marked failed.
 */
export default class PrivacyExportJob extends PrivacyRequestJob {
  static options: JobOptions = {
    name: 'privacy.Export',
    timeout: '30m',
    retry: { maxRetries: 2 },
  }
}
