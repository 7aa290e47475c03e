import { Job } from '@adonisjs/queue'
import requests from '#services/privacy/privacy_request_service'

/**
 * What travels through the queue for a data-subject request: ids
 * only, never personal data.
 */
export interface PrivacyRequestJobPayload {
  tenantId: number
  requestId: number
}

/**
 * Runs one data-subject request; the jobs of each kind set their own
 * name, timeout and retries. Once every attempt failed, the request
 * is marked failed.
 */
export abstract class PrivacyRequestJob extends Job<PrivacyRequestJobPayload> {
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
