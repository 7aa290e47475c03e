import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import requests from '#services/privacy/privacy_request_service'

/**
 * What travels through the queue: ids only, never personal data.
 */
export interface PrivacyAnonymiseJobPayload {
  tenantId: number
  requestId: number
}

/**
 * Anonymises one contact everywhere (a data-subject request).
 * Retried twice; then the request is marked failed.
 */
export default class PrivacyAnonymiseJob extends Job<PrivacyAnonymiseJobPayload> {
  static options: JobOptions = {
    name: 'privacy.Anonymise',
    timeout: '30m',
    retry: { maxRetries: 2 },
  }

  /**
   * Runs the request.
   */
  async execute() {
    await requests.perform(this.payload.tenantId, this.payload.requestId)
  }

  /**
   * Marks the request failed once every attempt failed.
   */
  async failed(error: Error) {
    await requests.fail(this.payload.tenantId, this.payload.requestId, error)
  }
}
