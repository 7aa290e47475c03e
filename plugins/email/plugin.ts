import { definePlugin } from '#plugin_host/define_plugin'
import ReplyQueued from '#events/reply_queued'
import type { FetcherSupervisor } from './services/fetcher.js'
import type { SmtpListener } from './services/smtp_listener.js'

const MailboxesController = () => import('./controllers/mailboxes_controller.js')
const MailboxTokensController = () => import('./controllers/mailbox_tokens_controller.js')
const FailedController = () => import('./controllers/failed_controller.js')
const FailedRetriesController = () => import('./controllers/failed_retries_controller.js')
const FailedResolutionsController = () => import('./controllers/failed_resolutions_controller.js')
const HeldController = () => import('./controllers/held_controller.js')
const HeldAcceptancesController = () => import('./controllers/held_acceptances_controller.js')
const HeldRejectionsController = () => import('./controllers/held_rejections_controller.js')
const InboundRawController = () => import('./controllers/inbound_raw_controller.js')

/**
 * The worker's long-lived email work, started by `ready`.
 */
const worker: { fetchers: FetcherSupervisor | null; smtp: SmtpListener | null } = {
  fetchers: null,
  smtp: null,
}

/**
 * The email channel: mailboxes fetched over IMAP or forwarded to the
 * platform's SMTP intake, threaded into tickets, replies over SMTP.
 */
export default definePlugin({
  id: 'email',
  name: 'Email',
  version: '0.1.0',
  kind: 'channel',
  requires: '^0.1.0',
  description: 'Email in over IMAP or forwarding, replies over SMTP.',

  /* Mailboxes hold the tenant's own addresses and credentials, no
     personal data about its customers. Received mail lives in the
     core's tables (raw source, tickets, messages, attachments), whose
     data classes the core declares. */
  dataClasses: [],

  settings: {
    scope: 'tenant',
    fields: [
      {
        key: 'subject_tag',
        label: 'email.settings.subject_tag',
        type: 'text',
        default: '[#{number}]',
        help: 'email.settings.subject_tag_help',
      },
      {
        key: 'max_message_mb',
        label: 'email.settings.max_message_mb',
        type: 'number',
        min: 1,
        max: 25,
        help: 'email.settings.max_message_mb_help',
      },
    ],
  },

  navigation: [
    { label: 'email.nav.mailboxes', route: 'email.mailboxes.index', roles: ['admin'], order: 50 },
    { label: 'email.nav.held', route: 'email.held.index', roles: ['admin'], order: 51 },
    { label: 'email.nav.failed', route: 'email.failed.index', roles: ['admin'], order: 52 },
  ],

  /**
   * Admin pages: mailboxes, the held-for-review list and the failed
   * list. Every page checks the admin role in its controller.
   */
  routes(router) {
    router.resource('mailboxes', MailboxesController).except(['show'])
    router
      .post('mailboxes/:id/forward-token', [MailboxTokensController, 'handle'])
      .as('mailboxes.rotate_token')

    router.get('held', [HeldController, 'index']).as('held.index')
    router.get('held/:id', [HeldController, 'show']).as('held.show')
    router.post('held/:id/accept', [HeldAcceptancesController, 'handle']).as('held.accept')
    router.post('held/:id/reject', [HeldRejectionsController, 'handle']).as('held.reject')

    router.get('failed', [FailedController, 'index']).as('failed.index')
    router.post('failed/:id/retry', [FailedRetriesController, 'handle']).as('failed.retry')
    router.post('failed/:id/resolve', [FailedResolutionsController, 'handle']).as('failed.resolve')

    router.get('inbound/:id/raw', [InboundRawController, 'handle']).as('inbound.raw')
  },

  /**
   * Queues delivery of every email reply the core announces.
   */
  async boot(ctx) {
    const emitter = await ctx.app.container.make('emitter')
    emitter.on(ReplyQueued, async ({ ticket, message }) => {
      if (message.channel !== 'email') return
      try {
        const { default: outbound } = await import('./services/outbound_service.js')
        await outbound.queue(ticket.tenantId, message.id)
      } catch (error) {
        ctx.logger.error({ err: error, messageId: message.id }, 'could not queue email reply')
      }
    })
  },

  /**
   * Worker only: fetches every active IMAP mailbox of the tenants with
   * the module enabled, and listens for forwarded mail over SMTP.
   */
  async ready(ctx) {
    const [{ FetcherSupervisor }, { SmtpListener }, { default: intake }] = await Promise.all([
      import('./services/fetcher.js'),
      import('./services/smtp_listener.js'),
      import('./services/intake_service.js'),
    ])
    worker.fetchers = new FetcherSupervisor(intake, { logger: ctx.logger })
    await worker.fetchers.start()

    worker.smtp = new SmtpListener({ intake, logger: ctx.logger })
    try {
      await worker.smtp.start()
    } catch (error) {
      worker.smtp = null
      ctx.logger.error({ err: error }, 'smtp listener could not start')
    }
  },

  /**
   * Stops the SMTP listener and every fetcher.
   */
  async shutdown() {
    await worker.smtp?.stop()
    await worker.fetchers?.stop()
    worker.smtp = null
    worker.fetchers = null
  },
})
