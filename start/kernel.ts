/**
 * HTTP middleware: server-wide, router-wide and named.
 */
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('@adonisjs/static/static_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/host_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
  () => import('#middleware/locale_middleware'),
])

export const middleware = router.named({
  tenant: () => import('#middleware/tenant_middleware'),
  platform: () => import('#middleware/platform_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  guest: () => import('#middleware/guest_middleware'),
  operator: () => import('#middleware/operator_middleware'),
  role: () => import('#middleware/role_middleware'),
  module: () => import('#middleware/module_middleware'),
})
