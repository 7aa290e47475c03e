/**
 * Server-sent events. The stream and subscription routes exist only on
 * tenant hosts and only for logged-in users; every ticket channel is
 * authorised per user (app/services/live_update_service.ts). Without
 * a shared transport (config/transmit.ts), web processes also relay
 * ticket activity written by the worker.
 */
import app from '@adonisjs/core/services/app'
import transmit from '@adonisjs/transmit/services/main'
import { middleware } from '#start/kernel'
import liveUpdates from '#services/live_update_service'
import { hasSharedTransport } from '#services/shared_transport'

transmit.registerRoutes((route) => {
  route.use([middleware.tenant(), middleware.auth()])
})

liveUpdates.register()

if (app.getEnvironment() === 'web' && !hasSharedTransport()) {
  app.ready(() => liveUpdates.startRelay())
  app.terminating(() => liveUpdates.stopRelay())
}
