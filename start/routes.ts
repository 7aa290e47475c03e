/**
 * Core routes. Plugin routes are registered by the plugin host.
 */
import router from '@adonisjs/core/services/router'

router.get('/health', ({ response }) => response.ok({ ok: true })).as('health')
