/**
 * Routes. Each area keeps its own file; plugin routes are registered
 * last by the plugin host, under `/p/<id>` and `/hooks/<id>`.
 */
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

router.get('/health', ({ response }) => response.ok({ ok: true })).as('health')

await import('#start/routes/auth')
await import('#start/routes/platform')
await import('#start/routes/tickets')
await import('#start/routes/admin')

const host = await app.container.make('plugins')
host.registerRoutes(
  router,
  (plugin) => [middleware.tenant(), middleware.auth(), middleware.module({ plugin })],
  () => []
)
