import type { HttpContext } from '@adonisjs/core/http'
import AnsweringPoint from '#models/answering_point'
import admin from '#services/admin_service'
import { authorizeAdmin } from '#abilities/authorize'
import {
  createAnsweringPointValidator,
  updateAnsweringPointValidator,
} from '#validators/answering_point'

/**
 * Answering points (svarsställen) of the tenant.
 */
export default class AnsweringPointsController {
  /**
   * List answering points with their number of members.
   */
  async index({ bouncer, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'administer')
    const rows = await admin.listPoints()
    return view.render('pages/admin/answering_points/index', { rows })
  }

  /**
   * Show the new-point form.
   */
  async create({ bouncer, view }: HttpContext) {
    await authorizeAdmin(bouncer, 'administer')
    return view.render('pages/admin/answering_points/create', { point: null })
  }

  /**
   * Create an answering point.
   */
  async store({ bouncer, request, response, session, tenant, i18n }: HttpContext) {
    await authorizeAdmin(bouncer, 'administer')
    const data = await request.validateUsing(createAnsweringPointValidator, {
      meta: { tenantId: tenant!.id },
    })
    const point = await admin.createPoint({ ...data, locale: data.locale ?? null })

    session.flash('success', i18n.t('admin.points.created', { name: point.name }))
    return response.redirect().toRoute('admin.answering_points.index')
  }

  /**
   * Show the edit form.
   */
  async edit({ bouncer, params, view }: HttpContext) {
    const point = await AnsweringPoint.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'administer')
    return view.render('pages/admin/answering_points/edit', { point })
  }

  /**
   * Save changes to an answering point.
   */
  async update({ bouncer, params, request, response, session, i18n }: HttpContext) {
    const point = await AnsweringPoint.findOrFail(params.id)
    await authorizeAdmin(bouncer, 'administer')
    const data = await request.validateUsing(updateAnsweringPointValidator, {
      meta: { tenantId: point.tenantId, pointId: point.id },
    })
    await admin.updatePoint(point, { ...data, locale: data.locale ?? null })

    session.flash('success', i18n.t('admin.points.updated', { name: point.name }))
    return response.redirect().toRoute('admin.answering_points.index')
  }
}
