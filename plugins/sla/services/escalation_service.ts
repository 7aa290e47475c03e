import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import transmit from '@adonisjs/transmit/services/main'
import Ticket, { TICKET_PRIORITIES, type TicketPriority } from '#models/ticket'
import User from '#models/user'
import liveUpdates from '#services/live_update_service'
import tickets from '#services/ticket_service'
import { TenantContext } from '#services/tenant_context'
import SlaClock from '../models/sla_clock.js'
import SlaPolicy from '../models/sla_policy.js'
import { clock } from './clock.js'
import { runtime } from './runtime.js'

/** What one check pass did, for logs and tests. */
export interface CheckResult {
  warned: number
  breached: number
}

/**
 * Finds clocks whose warning time or deadline has passed and acts:
 * a warning is recorded on the ticket and announced; a breach is
 * recorded and the policy's escalation actions run (notify, reassign,
 * raise priority). Each warning and each breach fires once per clock:
 * the row is claimed by a conditional update before anything happens,
 * so overlapping runs (two workers, a retried job) cannot repeat it.
 */
export class EscalationService {
  /**
   * One pass over every tenant with the module enabled.
   */
  async checkAll(now = clock.now()): Promise<CheckResult> {
    const total = { warned: 0, breached: 0 }
    const tenantIds = (
      await db
        .from('tenant_plugins')
        .where('plugin_id', 'sla')
        .where('enabled', true)
        .select('tenant_id')
    ).map((row) => Number(row.tenant_id))
    for (const tenantId of tenantIds) {
      if (!(await runtime().modules.isEnabled(tenantId, 'sla'))) continue
      const result = await this.checkTenant(tenantId, now)
      total.warned += result.warned
      total.breached += result.breached
    }
    return total
  }

  /**
   * One pass over one tenant's running clocks.
   */
  async checkTenant(tenantId: number, now = clock.now()): Promise<CheckResult> {
    return TenantContext.run(tenantId, async () => {
      const result = { warned: 0, breached: 0 }
      const at = DateTime.fromJSDate(now, { zone: 'utc' })

      const breaching = await this.running()
        .whereNull('breached_at')
        .where('due_at', '<=', sql(now))
      for (const row of breaching) {
        if (await this.claim(row, 'breached_at', row.dueAt ?? at)) {
          result.breached++
          await this.breach(row)
        }
      }

      const warning = await this.running()
        .whereNull('warned_at')
        .whereNull('breached_at')
        .where('warn_at', '<=', sql(now))
      for (const row of warning) {
        if (row.warnMs <= 0) continue
        if (await this.claim(row, 'warned_at', at)) {
          result.warned++
          await this.warn(row)
        }
      }
      return result
    })
  }

  protected running() {
    return SlaClock.query()
      .whereNull('met_at')
      .whereNull('stopped_at')
      .where('paused', false)
      .orderBy('due_at', 'asc')
  }

  /**
   * Sets the column if still empty; true for the one caller that did.
   */
  protected async claim(row: SlaClock, column: 'warned_at' | 'breached_at', at: DateTime) {
    const affected = await db
      .from('sla_clocks')
      .where('id', row.id)
      .where('tenant_id', row.tenantId)
      .whereNull(column)
      .update({ [column]: sql(at.toJSDate()), updated_at: sql(new Date()) })
    return Number(Array.isArray(affected) ? affected[0] : affected) === 1
  }

  protected async warn(row: SlaClock) {
    const ticket = await Ticket.find(row.ticketId)
    if (!ticket) return
    await tickets.record(
      ticket,
      'sla.warning',
      {
        target: row.target,
        due: row.dueAt?.toISO() ?? null,
      },
      null
    )
    const policy = row.policyId ? await SlaPolicy.find(row.policyId) : null
    if (policy?.escalateOn === 'warning') await this.escalate(ticket, row, policy)
    await this.notify(ticket, 'warning', row)
  }

  protected async breach(row: SlaClock) {
    const ticket = await Ticket.find(row.ticketId)
    if (!ticket) return
    await row.refresh()
    if (row.outcome === null) {
      row.outcome = 'breached'
      row.settledAt = row.dueAt
      row.answeringPointId = ticket.answeringPointId
      row.agentId = ticket.assigneeId
      await row.save()
    }
    await tickets.record(
      ticket,
      'sla.breached',
      {
        target: row.target,
        due: row.dueAt?.toISO() ?? null,
      },
      null
    )

    const policy = row.policyId ? await SlaPolicy.find(row.policyId) : null
    if (!policy) return
    const escalated = policy.escalateOn === 'breach' && (await this.escalate(ticket, row, policy))
    if (policy.escalateNotify) {
      await this.notify(ticket, 'breached', row)
    } else if (escalated) {
      /* Marks activity, so open lists in web processes hear of it. */
      await tickets.touch(ticket)
    }
  }

  /**
   * Runs the policy's reassign and raise-priority actions, with a
   * history entry; true when the ticket changed.
   */
  protected async escalate(ticket: Ticket, row: SlaClock, policy: SlaPolicy) {
    const changes: { assigneeId?: number; priority?: TicketPriority } = {}
    if (policy.escalateAssigneeId) {
      const user = await User.query()
        .where('id', policy.escalateAssigneeId)
        .where('active', true)
        .first()
      if (user && user.id !== ticket.assigneeId) changes.assigneeId = user.id
    }
    if (policy.escalateRaisePriority) {
      const index = TICKET_PRIORITIES.indexOf(ticket.priority)
      if (index >= 0 && index < TICKET_PRIORITIES.length - 1) {
        changes.priority = TICKET_PRIORITIES[index + 1]
      }
    }
    if (Object.keys(changes).length) {
      await tickets.record(
        ticket,
        'sla.escalated',
        {
          target: row.target,
          ...changes,
        },
        null
      )
      await tickets.change(ticket, changes, null)
      return true
    }
    return false
  }

  /**
   * Announces the SLA event to the assignee's and the point's open
   * pages and marks ticket activity, so lists in other processes pick
   * it up through the live relay.
   */
  protected async notify(ticket: Ticket, kind: 'warning' | 'breached', row: SlaClock) {
    await tickets.touch(ticket)
    try {
      liveUpdates.announce(ticket, 'updated')
      const payload = {
        activity: `sla_${kind}`,
        ticketId: ticket.id,
        number: ticket.number,
        target: row.target,
      }
      const channels = [liveUpdates.pointChannel(ticket.tenantId, ticket.answeringPointId)]
      if (ticket.assigneeId) {
        channels.push(liveUpdates.userChannel(ticket.tenantId, ticket.assigneeId))
      }
      for (const channel of channels) transmit.broadcast(channel, payload)
    } catch (error) {
      /* The history entry and the activity mark are written; a page
         that missed the broadcast sees them on the next relay pass. */
      logger.warn({ err: error, ticketId: ticket.id }, 'sla announcement failed')
    }
  }
}

/**
 * A Date as the databases store `dateTime` columns (UTC).
 */
function sql(value: Date) {
  return value.toISOString().slice(0, 19).replace('T', ' ')
}

export default new EscalationService()
