import { definePlugin } from '#plugin_host/define_plugin'
import { hasSharedTransport } from '#services/shared_transport'
import TenantTimeZoneChanged from '#events/tenant_time_zone_changed'
import type { I18n } from '@adonisjs/i18n'

const CalendarsController = () => import('./controllers/calendars_controller.js')
const DeviationsController = () => import('./controllers/deviations_controller.js')
const DeviationMovesController = () => import('./controllers/deviation_moves_controller.js')
const AgendaController = () => import('./controllers/agenda_controller.js')
const EntriesController = () => import('./controllers/entries_controller.js')
const FeedTokensController = () => import('./controllers/feed_tokens_controller.js')
const IcsImportsController = () => import('./controllers/ics_imports_controller.js')
const FeedsController = () => import('./controllers/feeds_controller.js')

/**
 * Opening-hours calendars (a base calendar per tenant, own calendars
 * per answering point) as a service for other plugins, and agents'
 * personal calendars with reminders and an iCal feed.
 */
export default definePlugin({
  id: 'calendar',
  name: 'Calendar',
  version: '0.1.0',
  kind: 'feature',
  requires: '^0.1.0',
  dependsOn: [],
  description: 'Opening hours, holidays and deviations; personal agent calendars.',

  navigation: [
    {
      label: 'calendar.nav.calendars',
      route: 'calendar.calendars.index',
      roles: ['admin'],
      order: 55,
    },
    { label: 'calendar.nav.agenda', route: 'calendar.agenda.index', order: 30 },
  ],

  ticketPanels: [{ view: 'calendar::partials/ticket_panel', order: 40 }],
  contactPanels: [{ view: 'calendar::partials/contact_panel', order: 40 }],

  /* Agents' entries may name a contact or a ticket and say what the
     call-back is about: kept while in use, exported and scrubbed
     with the person. Opening hours hold no personal data. */
  dataClasses: [
    {
      id: 'calendar_entries',
      label: 'calendar.privacy.entries',
      retention: null,
      tables: [
        {
          table: 'calendar_entries',
          links: [{ column: 'contact_id' }, { column: 'ticket_id', in: 'tickets' }],
          personal: { title: 'text', notes: 'text' },
          anonymise: 'scrub',
        },
      ],
    },
  ],

  schedules: [{ id: 'reminders', job: () => import('./jobs/fire_reminders_job.js'), every: '1m' }],

  /**
   * Binds the calendar service as `calendar` in the container: other
   * plugins ask it which schedule an answering point has.
   */
  register(ctx) {
    ctx.app.container.singleton('calendar', async () => {
      const { default: calendars } = await import('./services/calendar_service.js')
      return calendars
    })
  },

  /**
   * Names refused fields by their labels in the views, plans again when
   * the tenant's time zone changes, authorises the
   * reminder channels and, in web processes without a
   * shared transmit transport, relays reminders the worker fired to
   * the agents' open pages.
   */
  async boot(ctx) {
    /* Refused fields are named by their labels in the calendar pages. */
    const { default: edge } = await import('edge.js')
    const { fieldLabel } = await import('./services/field_labels.js')
    edge.global('calendarFieldLabel', (i18n: I18n, field: string) =>
      fieldLabel((key, values) => i18n.t(key, values), field)
    )

    /* Calendars without a zone of their own count in the tenant's. */
    const emitter = await ctx.app.container.make('emitter')
    emitter.on(TenantTimeZoneChanged, async (event) => {
      const { default: calendars } = await import('./services/calendar_service.js')
      await calendars.changed(event.tenantId)
    })

    /* Imported once the app has booted: the relay reaches models and
       the transmit service, which are ready only then. */
    const relay = () => import('./services/reminder_relay.js').then((m) => m.default)
    ctx.app.booted(async () => (await relay()).register())
    if (ctx.app.getEnvironment() === 'web' && !hasSharedTransport()) {
      ctx.app.ready(async () => (await relay()).start())
      ctx.app.terminating(async () => (await relay()).stop())
    }
  },

  /**
   * Admin pages for opening hours; the personal agenda for everyone.
   * Controllers check roles.
   */
  routes(router) {
    router.get('/', [CalendarsController, 'index']).as('calendars.index')
    router.post('points/:pointId', [CalendarsController, 'store']).as('calendars.store')
    router.get('calendars/:id', [CalendarsController, 'edit']).as('calendars.edit')
    router.put('calendars/:id', [CalendarsController, 'update']).as('calendars.update')
    router.delete('calendars/:id', [CalendarsController, 'destroy']).as('calendars.destroy')
    router.get('calendars/:id/month', [CalendarsController, 'month']).as('calendars.month')

    router.post('calendars/:id/deviations', [DeviationsController, 'store']).as('deviations.store')
    router
      .get('calendars/:id/deviations/:deviationId', [DeviationsController, 'edit'])
      .as('deviations.edit')
    router
      .put('calendars/:id/deviations/:deviationId', [DeviationsController, 'update'])
      .as('deviations.update')
    router
      .delete('calendars/:id/deviations/:deviationId', [DeviationsController, 'destroy'])
      .as('deviations.destroy')
    router
      .post('calendars/:id/deviations/:deviationId/move', [DeviationMovesController, 'handle'])
      .as('deviations.move')

    router.get('me', [AgendaController, 'index']).as('agenda.index')
    router.post('me/entries', [EntriesController, 'store']).as('entries.store')
    router.delete('me/entries/:id', [EntriesController, 'destroy']).as('entries.destroy')
    router.post('me/feed', [FeedTokensController, 'store']).as('feed_tokens.store')
    router.delete('me/feed', [FeedTokensController, 'destroy']).as('feed_tokens.destroy')
    router.post('me/import', [IcsImportsController, 'store']).as('ics_imports.store')
  },

  /**
   * The read-only iCal feed, found by its secret token.
   */
  webhooks(router) {
    router.get('feed/:token', [FeedsController, 'show']).as('feed')
  },
})
