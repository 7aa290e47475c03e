import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import requests from '#services/privacy/privacy_request_service'
import { TenantContext } from '#services/tenant_context'

/**
 * Deletes the export bundles of every tenant whose time is up. Runs on
 * a schedule in the worker (start/schedules.ts); the payload is empty.
 */
export default class PrivacyBundleExpiryJob extends Job<Record<string, never>> {
  static options: JobOptions = {
    name: 'privacy.BundleExpiry',
    timeout: '10m',
  }

  /**
   * Deletes the expired bundles.
   */
  async execute() {
    await TenantContext.bypass(() => requests.expireBundles())
  }
}
