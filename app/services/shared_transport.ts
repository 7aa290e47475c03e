import app from '@adonisjs/core/services/app'

/**
 * Whether transmit has a shared transport (config/transmit.ts), so a
 * broadcast from any process reaches every process's streams and
 * nothing needs to poll for activity written elsewhere. Kept apart
 * from the live update service, so plugins can ask it without
 * loading models.
 */
export function hasSharedTransport() {
  return app.config.get('transmit.transport', null) !== null
}
