/**
 * Routes of the auth area: login and logout on every host (tenant
 * users on tenant hosts, operators on the platform host), password
 * reset on tenant hosts. The root URL belongs to the tickets area.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/session_controller')
const PasswordResetController = () => import('#controllers/password_reset_controller')

router
  .group(() => {
    router.get('/login', [SessionController, 'create']).as('session.create')
    router.post('/login', [SessionController, 'store']).as('session.store')
  })
  .use(middleware.guest())

router.post('/logout', [SessionController, 'destroy']).as('session.destroy')

router
  .group(() => {
    router.get('/forgot-password', [PasswordResetController, 'create']).as('password_reset.create')
    router.post('/forgot-password', [PasswordResetController, 'store']).as('password_reset.store')
    router
      .get('/reset-password/:token', [PasswordResetController, 'edit'])
      .as('password_reset.edit')
    router
      .post('/reset-password/:token', [PasswordResetController, 'update'])
      .as('password_reset.update')
  })
  .use([middleware.tenant(), middleware.guest()])
