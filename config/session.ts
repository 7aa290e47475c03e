import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * The session cookie is host-only, so a session never reaches another
 * tenant's host. Its data lives in a file per session by default (one
 * machine), in Redis for web processes on several machines, or in the
 * encrypted cookie itself, which is stateless but cannot carry a
 * refused form's input over about 4 kB back to the form.
 */
export default defineConfig({
  enabled: true,
  cookieName: 'ehelpdesk-session',
  clearWithBrowser: false,
  age: '12h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER'),
  stores: {
    file: stores.file({ location: app.tmpPath('sessions') }),
    redis: stores.redis({ connection: 'main' }),
    cookie: stores.cookie(),
  },
})
