import type { JobOptions } from '@adonisjs/queue/types'
import { PrivacyRequestJob } from '#services/privacy/privacy_request_job'

/**
 * Anonymises one contact everywhere (a data-subject request).
 * Retried twice; then the request is marked failed.
 */
export default class PrivacyAnonymiseJob extends PrivacyRequestJob {
  static options: JobOptions = {
    name: 'privacy.Anonymise',
    timeout: '30m',
    retry: { maxRetries: 2 },
  }
}
