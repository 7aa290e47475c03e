/**
 * Routes of the platform console: operators manage tenants and their
 * modules. Only the platform host answers them; tenant hosts get 404.
 */
import router from '@adonisjs/core/services/router'
import { urlFor } from '@adonisjs/core/services/url_builder'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { middleware } from '#start/kernel'

const TenantsController = () => import('#controllers/platform/tenants_controller')
const TenantModulesController = () => import('#controllers/platform/tenant_modules_controller')
const DataProcessingAgreementController = () =>
  import('#controllers/platform/data_processing_agreement_controller')

/**
 * The console's header navigation.
 */
function consoleNavigation(ctx: HttpContext, next: NextFn) {
  const path = ctx.request.url()
  const item = (label: string, url: string) => ({ label, url, current: path.startsWith(url) })
  ctx.view.share({
    navItems: [
      item('platform.nav.tenants', urlFor('platform.tenants.index')),
      item('platform.nav.dpa', urlFor('platform.dpa.edit')),
    ],
  })
  return next()
}

router
  .group(() => {
    router.get('/tenants', [TenantsController, 'index']).as('tenants.index')
    router.get('/tenants/create', [TenantsController, 'create']).as('tenants.create')
    router.post('/tenants', [TenantsController, 'store']).as('tenants.store')
    router.get('/tenants/:id', [TenantsController, 'show']).as('tenants.show')
    router.get('/tenants/:id/edit', [TenantsController, 'edit']).as('tenants.edit')
    router.put('/tenants/:id', [TenantsController, 'update']).as('tenants.update')
    router
      .put('/tenants/:id/modules/:plugin', [TenantModulesController, 'update'])
      .as('tenant_modules.update')
    router.get('/dpa', [DataProcessingAgreementController, 'edit']).as('dpa.edit')
    router.put('/dpa', [DataProcessingAgreementController, 'update']).as('dpa.update')
  })
  .prefix('/console')
  .as('platform')
  .use([middleware.platform(), middleware.operator(), consoleNavigation])
