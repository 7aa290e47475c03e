/**
 * Routes of the tenant admin area. Every action loads its record
 * through the tenant scope first (another tenant's id is a 404) and
 * then asks Bouncer (a supervisor or agent gets 403).
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SettingsController = () => import('#controllers/admin/settings_controller')
const UsersController = () => import('#controllers/admin/users_controller')
const UserPasswordResetsController = () =>
  import('#controllers/admin/user_password_resets_controller')
const AnsweringPointsController = () => import('#controllers/admin/answering_points_controller')
const ModulesController = () => import('#controllers/admin/modules_controller')
const ModuleSettingsController = () => import('#controllers/admin/module_settings_controller')
const DataProtectionController = () => import('#controllers/admin/data_protection_controller')
const PrivacyRequestsController = () => import('#controllers/admin/privacy_requests_controller')
const PrivacyBundlesController = () => import('#controllers/admin/privacy_bundles_controller')
const RetentionController = () => import('#controllers/admin/retention_controller')
const RetentionRunsController = () => import('#controllers/admin/retention_runs_controller')
const ArchiveController = () => import('#controllers/admin/archive_controller')
const ArchiveAttachmentsController = () =>
  import('#controllers/admin/archive_attachments_controller')

router
  .group(() => {
    router
      .get('/', ({ response }) => response.redirect().toRoute('admin.settings.index'))
      .as('home')
    router.get('/settings', [SettingsController, 'index']).as('settings.index')
    router.put('/settings', [SettingsController, 'update']).as('settings.update')

    router.get('/users', [UsersController, 'index']).as('users.index')
    router.get('/users/create', [UsersController, 'create']).as('users.create')
    router.post('/users', [UsersController, 'store']).as('users.store')
    router.get('/users/:id/edit', [UsersController, 'edit']).as('users.edit')
    router.put('/users/:id', [UsersController, 'update']).as('users.update')
    router.delete('/users/:id', [UsersController, 'destroy']).as('users.destroy')
    router
      .post('/users/:id/password-reset', [UserPasswordResetsController, 'store'])
      .as('user_password_resets.store')

    router
      .get('/answering-points', [AnsweringPointsController, 'index'])
      .as('answering_points.index')
    router
      .get('/answering-points/create', [AnsweringPointsController, 'create'])
      .as('answering_points.create')
    router
      .post('/answering-points', [AnsweringPointsController, 'store'])
      .as('answering_points.store')
    router
      .get('/answering-points/:id/edit', [AnsweringPointsController, 'edit'])
      .as('answering_points.edit')
    router
      .put('/answering-points/:id', [AnsweringPointsController, 'update'])
      .as('answering_points.update')

    router.get('/modules', [ModulesController, 'index']).as('modules.index')
    router
      .get('/modules/:plugin/settings', [ModuleSettingsController, 'edit'])
      .as('module_settings.edit')
    router
      .put('/modules/:plugin/settings', [ModuleSettingsController, 'update'])
      .as('module_settings.update')

    router.get('/data-protection', [DataProtectionController, 'index']).as('data_protection.index')
    router.get('/data-subjects', [PrivacyRequestsController, 'index']).as('privacy_requests.index')
    router
      .get('/data-subjects/new', [PrivacyRequestsController, 'create'])
      .as('privacy_requests.create')
    router.post('/data-subjects', [PrivacyRequestsController, 'store']).as('privacy_requests.store')
    router
      .get('/data-subjects/:id/bundle', [PrivacyBundlesController, 'show'])
      .as('privacy_bundles.show')

    const id = { id: router.matchers.number() }
    router.get('/retention', [RetentionController, 'index']).as('retention.index')
    router
      .put('/retention/points/:id', [RetentionController, 'update'])
      .where('id', id.id)
      .as('retention.update')
    router
      .get('/retention/runs/:id', [RetentionRunsController, 'show'])
      .where('id', id.id)
      .as('retention_runs.show')

    router.get('/archive', [ArchiveController, 'index']).as('archive.index')
    router
      .get('/archive/tickets/:id', [ArchiveController, 'show'])
      .where('id', id.id)
      .as('archive.show')
    router
      .get('/archive/tickets/:id/delete', [ArchiveController, 'confirmDestroy'])
      .where('id', id.id)
      .as('archive.confirm_destroy')
    router
      .delete('/archive/tickets/:id', [ArchiveController, 'destroy'])
      .where('id', id.id)
      .as('archive.destroy')
    router
      .get('/archive/attachments', [ArchiveAttachmentsController, 'index'])
      .as('archive_attachments.index')
    router
      .get('/archive/attachments/:id', [ArchiveAttachmentsController, 'show'])
      .where('id', id.id)
      .as('archive_attachments.show')
    router
      .get('/archive/attachments/:id/delete', [ArchiveAttachmentsController, 'confirmDestroy'])
      .where('id', id.id)
      .as('archive_attachments.confirm_destroy')
    router
      .delete('/archive/attachments/:id', [ArchiveAttachmentsController, 'destroy'])
      .where('id', id.id)
      .as('archive_attachments.destroy')
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.tenant(), middleware.auth()])
