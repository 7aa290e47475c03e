import { BaseMail } from '@adonisjs/mail'
import i18nManager from '@adonisjs/i18n/services/main'
import type User from '#models/user'

/**
 * The password reset link, in the user's language (or the tenant's
 * default). The link works for one hour and once.
 */
export default class PasswordResetMail extends BaseMail {
  constructor(
    protected user: User,
    protected tenantName: string,
    protected url: string,
    protected locale: string
  ) {
    super()
  }

  /**
   * Builds the message: plain text and HTML from the same strings.
   */
  prepare() {
    const i18n = i18nManager.locale(i18nManager.getSupportedLocaleFor(this.locale) ?? 'sv')
    const data = {
      i18n,
      lang: i18n.locale,
      name: this.user.fullName,
      tenantName: this.tenantName,
      url: this.url,
    }

    this.message
      .to(this.user.email, this.user.fullName)
      .subject(i18n.t('auth.reset_mail.subject', { tenant: this.tenantName }))
      .htmlView('emails/password_reset_html', data)
      .textView('emails/password_reset_text', data)
  }
}
