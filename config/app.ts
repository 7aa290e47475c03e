import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'

/**
 * The platform domain. The console answers on it and each tenant on
 * `<slug>.<domain>` (in development `demo.localhost`).
 */
export const appDomain = env.get('APP_DOMAIN', 'localhost')

/**
 * The operator's time zone: dates in the platform console are shown
 * in it, with the zone named.
 */
export const platformTimeZone = 'Europe/Stockholm'

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: true,
  /* Tenants are resolved from the host, so `demo.localhost` must
     count its one subdomain. */
  subdomainOffset: 1,
  cookie: {
    /* Host-only cookies: a session never crosses tenants. */
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
