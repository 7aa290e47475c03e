import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, drivers } from '@adonisjs/queue'

/**
 * Jobs run in the worker process. The database driver needs nothing
 * beyond the app database; Redis is for multi-machine set-ups.
 */
export default defineConfig({
  default: env.get('QUEUE_DRIVER', 'database'),
  adapters: {
    database: drivers.database({
      connectionName: env.get('DB_CONNECTION', 'sqlite'),
    }),
    redis: drivers.redis({ connectionName: 'main' }),
    sync: drivers.sync(),
  },
  worker: {
    concurrency: 5,
    idleDelay: '1s',
  },
  locations: [app.makePath('app/jobs/**/*.{ts,js}'), app.makePath('plugins/*/jobs/**/*.{ts,js}')],
})
