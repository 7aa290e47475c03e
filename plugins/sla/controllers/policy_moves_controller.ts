import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import SlaPolicy from '../models/sla_policy.js'
import policies from '../services/policy_service.js'
import { requireAdmin } from './authorize.js'

const moveValidator = vine.create({ direction: vine.enum(['up', 'down'] as const) })

/**
 * Moves a policy one step in the order.
 */
export default class PolicyMovesController {
  /**
   * Moves up or down and returns to the list.
   */
  async handle(ctx: HttpContext) {
    const policy = await SlaPolicy.findOrFail(ctx.params.id)
    requireAdmin(ctx)
    const { direction } = await ctx.request.validateUsing(moveValidator)
    await policies.move(policy, direction)
    return ctx.response.redirect().toRoute('sla.policies.index')
  }
}
