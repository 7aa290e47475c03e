import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import AnsweringPoint from '#models/answering_point'
import admin from '#services/admin_service'
import auth from '#services/auth_service'
import { ROLES, createUserValidator, updateUserValidator } from '#validators/user'
import { authorizeAdmin } from '#abilities/authorize'

/**
 * Users of the tenant, in the admin area.
 */
export default class UsersController {
  /**
   * List users with their roles and answering points.
   */
  async index({ bouncer, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'administer')
    const users = await admin.listUsers()
    return view.render('pages/admin/users/index', { users })
  }

  /**
   * Show the new-user form.
   */
  async create({ bouncer, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'administer')
    const points = await AnsweringPoint.query().orderBy('name')
    return view.render('pages/admin/users/create', {
      points,
      roles: ROLES,
      subject: null,
      memberOf: [],
    })
  }

  /**
   * Create a user; without a password they get a link to choose one.
   */
  async store({ bouncer, request, response, session, tenant, i18n }: HttpContext) {
    await authorizeAdmin(bouncer, 'administer')
    const data = await request.validateUsing(createUserValidator, {
      meta: { tenantId: tenant!.id },
    })
    const user = await admin.createUser({
      fullName: data.full_name,
      email: data.email,
      role: data.role,
      locale: data.locale ?? null,
      answeringPoints: data.answering_points ?? [],
      password: data.password,
    })

    if (!data.password) {
      await auth.sendResetLink(user, tenant!, auth.tenantBaseUrl(request, tenant!))
    }
    const key = data.password ? 'admin.users.created' : 'admin.users.created_invited'
    session.flash('success', i18n.t(key, { name: user.fullName, email: user.email }))
    return response.redirect().toRoute('admin.users.index')
  }

  /**
   * Show the edit form.
   */
  async edit({ bouncer, params, view }: HttpContext) {
    const subject = await User.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'administer')
    await subject.load('answeringPoints')
    const points = await AnsweringPoint.query().orderBy('name')
    const memberOf = subject.answeringPoints.map((point) => point.id)
    return view.render('pages/admin/users/edit', { subject, points, memberOf, roles: ROLES })
  }

  /**
   * Save changes to a user.
   */
  async update({ bouncer, params, request, response, session, auth: authCtx, i18n }: HttpContext) {
    const subject = await User.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'administer')
    const data = await request.validateUsing(updateUserValidator, {
      meta: { tenantId: subject.tenantId, userId: subject.id },
    })
    await admin.updateUser(
      subject,
      {
        fullName: data.full_name,
        email: data.email,
        role: data.role,
        locale: data.locale ?? null,
        answeringPoints: data.answering_points ?? [],
        password: data.password,
        active: data.active ?? false,
      },
      authCtx.use('web').user!
    )

    session.flash('success', i18n.t('admin.users.updated', { name: subject.fullName }))
    return response.redirect().toRoute('admin.users.index')
  }

  /**
   * Deactivate a user. Their tickets and history stay.
   */
  async destroy({ bouncer, params, response, session, auth: authCtx, i18n }: HttpContext) {
    const subject = await User.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'administer')
    await admin.deactivateUser(subject, authCtx.use('web').user!)

    session.flash('success', i18n.t('admin.users.deactivated', { name: subject.fullName }))
    return response.redirect().toRoute('admin.users.index')
  }
}
