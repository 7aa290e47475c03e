import { definePlugin } from '#plugin_host/define_plugin'

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
    ],
  },

  navigation: [
    { label: 'email.nav.mailboxes', route: 'email.mailboxes.index', roles: ['admin'], order: 50 },
    { label: 'email.nav.failed', route: 'email.failed.index', roles: ['admin'], order: 51 },
  ],
})
