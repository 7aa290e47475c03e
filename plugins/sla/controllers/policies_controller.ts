import type { HttpContext } from '@adonisjs/core/http'
import AnsweringPoint from '#models/answering_point'
import Contact from '#models/contact'
import Organisation from '#models/organisation'
import { TICKET_PRIORITIES } from '#models/ticket'
import User from '#models/user'
import SlaPolicy, { SLA_CALENDARS, SLA_ESCALATE_ON } from '../models/sla_policy.js'
import policies from '../services/policy_service.js'
import { parseStatuses, unusableStatuses } from '../services/clock_service.js'
import { runtime } from '../services/runtime.js'
import { policyValidator } from '../validators/policy.js'
import { requireAdmin } from './authorize.js'

/**
 * The tenant's SLA policies, tried in order; the first whose criteria
 * all match a ticket applies. Admins only.
 */
export default class PoliciesController {
  /**
   * The ordered list, naming the policies a catch-all above them
   * keeps from ever matching.
   */
  async index(ctx: HttpContext) {
    requireAdmin(ctx)
    const rows = await policies.ordered()
    const options = await this.options()
    const settings = await runtime().settings.get(ctx.tenant!.id)
    const pausing = String(settings.pausing_statuses ?? '')
    return ctx.view.render('sla::pages/policies/index', {
      rows,
      unreachable: policies.unreachable(rows),
      pausing: [...parseStatuses(pausing)],
      unusable: unusableStatuses(pausing),
      ...options,
    })
  }

  /**
   * The new-policy form.
   */
  async create(ctx: HttpContext) {
    requireAdmin(ctx)
    return ctx.view.render('sla::pages/policies/form', {
      policy: null,
      ...(await this.options()),
    })
  }

  /**
   * Creates a policy above the first catch-all (or at the end).
   */
  async store(ctx: HttpContext) {
    requireAdmin(ctx)
    const data = await ctx.request.validateUsing(policyValidator, {
      meta: { tenantId: ctx.tenant!.id },
    })
    const policy = await policies.create(data)
    ctx.session.flash('success', ctx.i18n.t('sla.policies.created', { name: policy.name }))
    return ctx.response.redirect().toRoute('sla.policies.index')
  }

  /**
   * The edit form.
   */
  async edit(ctx: HttpContext) {
    const policy = await SlaPolicy.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    return ctx.view.render('sla::pages/policies/form', { policy, ...(await this.options()) })
  }

  /**
   * Saves a policy; open clocks move to its new targets.
   */
  async update(ctx: HttpContext) {
    const policy = await SlaPolicy.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const data = await ctx.request.validateUsing(policyValidator, {
      meta: { tenantId: ctx.tenant!.id },
    })
    await policies.update(policy, data)
    ctx.session.flash('success', ctx.i18n.t('sla.policies.updated', { name: policy.name }))
    return ctx.response.redirect().toRoute('sla.policies.index')
  }

  /**
   * Removes a policy.
   */
  async destroy(ctx: HttpContext) {
    const policy = await SlaPolicy.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    await policies.destroy(policy)
    ctx.session.flash('success', ctx.i18n.t('sla.policies.deleted', { name: policy.name }))
    return ctx.response.redirect().toRoute('sla.policies.index')
  }

  protected async options() {
    const [points, organisations, users] = await Promise.all([
      AnsweringPoint.query().orderBy('name', 'asc'),
      Organisation.query().orderBy('name', 'asc').limit(500),
      User.query().where('active', true).orderBy('full_name', 'asc'),
    ])
    const contacts = await Contact.query().orderBy('name', 'asc').limit(500)
    return {
      points,
      organisations,
      contacts,
      users,
      priorities: TICKET_PRIORITIES,
      calendars: SLA_CALENDARS,
      escalateOn: SLA_ESCALATE_ON,
    }
  }
}
