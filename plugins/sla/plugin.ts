import { definePlugin } from '#plugin_host/define_plugin'
import TicketCreated from '#events/ticket_created'
import TicketUpdated from '#events/ticket_updated'
import MessageReceived from '#events/message_received'
import ReplyQueued from '#events/reply_queued'
import { lazy } from '#plugin_host/lazy'

const PoliciesController = () => import('./controllers/policies_controller.js')
const PolicyMovesController = () => import('./controllers/policy_moves_controller.js')
const ReportsController = () => import('./controllers/reports_controller.js')
const presenterModule = lazy(() => import('./services/sla_presenter.js'))
const clockModule = lazy(() => import('./services/clock_service.js'))

/**
 * Service levels for tickets: ordered policies with first response,
 * next response and resolution targets counted in business hours of a
 * calendar (around the clock when the calendar module is off), pauses
 * in waiting statuses, warnings and escalations, and a report.
 */
export default definePlugin({
  id: 'sla',
  name: 'SLA',
  version: '0.1.0',
  kind: 'feature',
  requires: '^0.1.0',
  dependsOn: ['calendar'],
  whenDependencyDisabled: 'degrade',
  description: 'Service-level targets for tickets, with warnings, escalation and a report.',

  settings: {
    scope: 'tenant',
    fields: [
      {
        key: 'pausing_statuses',
        label: 'sla.settings.pausing_statuses',
        type: 'text',
        default: 'pending',
        max: 200,
        help: 'sla.settings.pausing_statuses_help',
      },
    ],
  },

  navigation: [
    { label: 'sla.nav.policies', route: 'sla.policies.index', roles: ['admin'], order: 60 },
    {
      label: 'sla.nav.report',
      route: 'sla.reports.index',
      roles: ['admin', 'supervisor'],
      order: 61,
    },
  ],

  ticketListColumns: [
    {
      label: 'sla.column',
      view: 'sla::partials/column',
      order: 50,
      prepare: async (tickets, tenantId) => {
        const { default: presenter } = await presenterModule()
        return presenter.forTickets(tenantId, tickets)
      },
    },
  ],
  ticketBadges: [
    {
      view: 'sla::partials/badge',
      order: 50,
      prepare: async (tickets, tenantId) => {
        const { default: presenter } = await presenterModule()
        return presenter.forTickets(tenantId, tickets)
      },
    },
  ],

  ticketPanels: [
    {
      view: 'sla::partials/panel',
      order: 50,
      prepare: async (tickets, tenantId) => {
        const { default: presenter } = await presenterModule()
        return presenter.linesFor(tenantId, tickets)
      },
    },
  ],

  schedules: [{ id: 'check', job: () => import('./jobs/check_clocks_job.js'), every: '1m' }],

  /**
   * Admin pages for policies; the report for supervisors and admins.
   */
  routes(router) {
    router.resource('policies', PoliciesController).except(['show'])
    router.post('policies/:id/move', [PolicyMovesController, 'handle']).as('policies.move')
    router.get('report', [ReportsController, 'index']).as('reports.index')
    router.get('report/csv', [ReportsController, 'csv']).as('reports.csv')
  },

  /**
   * Drives the clocks from the core's ticket events.
   */
  async boot(ctx) {
    const { setRuntime } = await import('./services/runtime.js')
    setRuntime(ctx)
    const emitter = await ctx.app.container.make('emitter')
    const run = (what: string, fn: (clocks: any) => Promise<void>) => async () => {
      try {
        const { default: clocks } = await clockModule()
        await fn(clocks)
      } catch (error) {
        ctx.logger.error({ err: error, what }, 'sla clock update failed')
      }
    }
    emitter.on(TicketCreated, (event) =>
      run('created', (clocks) => clocks.onCreated(event.ticket))()
    )
    emitter.on(TicketUpdated, (event) =>
      run('updated', (clocks) => clocks.onUpdated(event.ticket, event.changes))()
    )
    emitter.on(ReplyQueued, (event) =>
      run('replied', (clocks) => clocks.onAgentReply(event.ticket, event.message))()
    )
    emitter.on(MessageReceived, (event) =>
      run('received', (clocks) => clocks.onCustomerMessage(event.ticket, event.message))()
    )
    /* The calendar plugin's opening hours changed for a tenant. */
    emitter.on('calendar:changed', (event) =>
      run('calendar', (clocks) => clocks.replanTenant(event.tenantId))()
    )
  },
})
