import type { HttpContext } from '@adonisjs/core/http'
import Tenant from '#models/tenant'
import platform from '#services/platform_service'
import tenantResolver from '#services/tenant_resolver'
import storageUsage from '#services/privacy/storage_usage_service'
import { LOCALES, createTenantValidator, updateTenantValidator } from '#validators/tenant'

/**
 * Tenants in the platform console.
 */
export default class TenantsController {
  /**
   * List tenants with their usage.
   */
  async index({ view }: HttpContext) {
    const rows = await platform.listTenants()
    return view.render('pages/platform/tenants/index', { rows })
  }

  /**
   * Show the new-tenant form.
   */
  async create({ view }: HttpContext) {
    return view.render('pages/platform/tenants/create', { locales: LOCALES })
  }

  /**
   * Create a tenant and its first admin.
   */
  async store({ request, response, session, i18n, logger }: HttpContext) {
    const data = await request.validateUsing(createTenantValidator)
    const { tenant } = await platform.createTenant({
      slug: data.slug,
      name: data.name,
      defaultLocale: data.default_locale,
      admin: { fullName: data.admin_name, email: data.admin_email, password: data.admin_password },
    })

    logger.info({ tenantId: tenant.id, slug: tenant.slug }, 'tenant created')
    session.flash('success', i18n.t('platform.tenants.created', { name: tenant.name }))
    return response.redirect().toRoute('platform.tenants.show', { id: tenant.id })
  }

  /**
   * Show a tenant with its modules, billed months and storage used.
   */
  async show({ params, view, request }: HttpContext) {
    const tenant = await Tenant.findOrFail(params.id)
    const modules = await platform.modulesOf(tenant.id)
    const usage = (await platform.usage())(tenant.id)
    const storage = await storageUsage.forTenant(tenant.id)
    const port = (request.host() ?? '').match(/:(\d+)$/)?.[1]
    const url = tenantResolver.urlFor(tenant.slug, port)
    return view.render('pages/platform/tenants/show', { tenant, modules, usage, storage, url })
  }

  /**
   * Show the edit form.
   */
  async edit({ params, view }: HttpContext) {
    const tenant = await Tenant.findOrFail(params.id)
    return view.render('pages/platform/tenants/edit', { tenant, locales: LOCALES })
  }

  /**
   * Save a tenant's name, language, custom domain and active state.
   */
  async update({ params, request, response, session, i18n }: HttpContext) {
    const tenant = await Tenant.findOrFail(params.id)
    const data = await request.validateUsing(updateTenantValidator, {
      meta: { tenantId: tenant.id },
    })
    await platform.updateTenant(tenant, {
      name: data.name,
      defaultLocale: data.default_locale,
      active: data.active ?? false,
      customDomain: data.custom_domain ?? null,
    })

    session.flash('success', i18n.t('platform.tenants.updated', { name: tenant.name }))
    return response.redirect().toRoute('platform.tenants.show', { id: tenant.id })
  }
}
