import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'
import { redis } from '@boringnode/bus/transports/redis'

/**
 * Server-sent events for live lists. A ping keeps proxies from
 * closing idle streams.
 *
 * With `TRANSMIT_TRANSPORT=redis` every broadcast, the worker's too,
 * reaches the streams of every web process through Redis pub/sub,
 * on a channel of this installation's own. Without it each web
 * process polls for activity written elsewhere
 * (`liveUpdates.startRelay`). The transport comes from the bus
 * package itself: transmit's own re-export also loads the MQTT one.
 */
export default defineConfig({
  pingInterval: '30s',
  transport:
    env.get('TRANSMIT_TRANSPORT', 'none') === 'redis'
      ? {
          driver: redis({
            host: env.get('REDIS_HOST', '127.0.0.1'),
            port: env.get('REDIS_PORT', 6379),
            password: env.get('REDIS_PASSWORD', ''),
          }),
          channel: env.get('TRANSMIT_CHANNEL', 'ehelpdesk::transmit'),
        }
      : null,
})
