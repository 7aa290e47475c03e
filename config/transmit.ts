import { defineConfig } from '@adonisjs/transmit'

/**
 * Server-sent events for live lists. A ping keeps proxies from
 * closing idle streams.
 */
export default defineConfig({
  pingInterval: '30s',
  transport: null,
})
