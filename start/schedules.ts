/*
|--------------------------------------------------------------------------
| Schedules
|--------------------------------------------------------------------------
|
| Recurring jobs, upserted by fixed id each time the worker starts, so
| any number of workers keep one schedule each. Payloads carry ids
| only, never personal data.
|
*/
import config from '@adonisjs/core/services/config'
import PrivacyBundleExpiryJob from '#jobs/privacy_bundle_expiry_job'
import RetentionScheduleJob from '#jobs/retention_schedule_job'

/**
 * Creates or updates every schedule of the core; returns their ids.
 */
export async function registerSchedules() {
  /* Export bundles are personal data: deleted when they expire. */
  await PrivacyBundleExpiryJob.schedule({}).id('privacy.bundle_expiry').every('1h')

  /* Retention for every tenant, in batches, resumable (config/privacy.ts). */
  await RetentionScheduleJob.schedule({})
    .id('retention.run')
    .cron(config.get<string>('privacy.schedule'))
    .timezone('UTC')

  return ['privacy.bundle_expiry', 'retention.run']
}
