import env from '#start/env'
import { defineConfig, transports } from '@adonisjs/mail'

/**
 * The platform relay. Answering points with SMTP settings of their
 * own get a mailer built at send time; the rest send through this one.
 */
const mailConfig = defineConfig({
  default: 'smtp',
  from: {
    address: env.get('MAIL_FROM_ADDRESS', 'noreply@localhost'),
    name: env.get('APP_NAME', 'eHelpdesk'),
  },
  mailers: {
    smtp: transports.smtp({
      host: env.get('SMTP_HOST', '127.0.0.1'),
      port: env.get('SMTP_PORT', 1025),
      secure: false,
      ignoreTLS: true,
      auth: env.get('SMTP_USERNAME')
        ? {
            type: 'login',
            user: env.get('SMTP_USERNAME')!,
            pass: env.get('SMTP_PASSWORD', ''),
          }
        : undefined,
    }),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
