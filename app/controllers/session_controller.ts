import type { HttpContext } from '@adonisjs/core/http'
import auth from '#services/auth_service'
import { loginValidator } from '#validators/auth'
import sessionBinding from '#services/session_binding'

/**
 * Login and logout. One login page per host: tenant users on a tenant
 * host (guard `web`), platform operators on the platform host (guard
 * `operator`); any other host answers 404.
 */
export default class SessionController {
  /**
   * Show the login form.
   */
  async create({ view, tenant, onPlatformHost, response }: HttpContext) {
    if (!tenant && !onPlatformHost) return response.notFound()
    return view.render('pages/auth/login', { operatorLogin: !tenant })
  }

  /**
   * Log in and go to the start page.
   */
  async store(ctx: HttpContext) {
    const { request, response, session, tenant } = ctx
    if (!tenant && !ctx.onPlatformHost) return response.notFound()

    const { email, password } = await request.validateUsing(loginValidator)
    const ip = request.ip()

    /* The guard regenerates the session id, so a planted id is useless. */
    let accountId: number
    if (tenant) {
      const user = await auth.attemptUser(tenant, email, password, ip)
      await ctx.auth.use('web').login(user)
      sessionBinding.bind(ctx, 'web', user)
      accountId = user.id
    } else {
      const operator = await auth.attemptOperator(email, password, ip)
      await ctx.auth.use('operator').login(operator)
      sessionBinding.bind(ctx, 'operator', operator)
      accountId = operator.id
    }
    ctx.logger.info({ accountId, tenantId: tenant?.id ?? null }, 'login')
    session.flash('success', ctx.i18n.t('auth.logged_in'))
    if (!tenant) return response.redirect().toRoute('platform.tenants.index')
    return response.redirect('/')
  }

  /**
   * Log out of this host's guard.
   */
  async destroy(ctx: HttpContext) {
    const guard = ctx.tenant ? 'web' : 'operator'
    await ctx.auth.use(guard).logout()
    ctx.session.flash('success', ctx.i18n.t('auth.logged_out'))
    return ctx.response.redirect().toRoute('session.create')
  }
}
