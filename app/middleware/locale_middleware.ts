import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'

/**
 * Picks the language: the user's choice, else the tenant's default,
 * else the browser's, else Swedish.
 */
export default class LocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => ctx.i18n.createMessagesProvider()
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.tenant
      ? await ctx.auth
          .use('web')
          .check()
          .then(() => ctx.auth.use('web').user)
      : null
    const locale = this.pick([user?.locale, ctx.tenant?.defaultLocale], ctx.request.languages())

    ctx.i18n = i18nManager.locale(locale)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    ctx.view.share({ i18n: ctx.i18n, locale })
    return next()
  }

  /**
   * The first saved choice (the user's, then the tenant's) that is a
   * supported locale, whatever the browser asks for; with none, the
   * browser's best match; else the default. The saved choices are
   * tried one at a time, so no browser language can outrank them.
   */
  protected pick(saved: (string | null | undefined)[], browser: string[]) {
    for (const choice of saved) {
      const match = choice ? i18nManager.getSupportedLocaleFor(choice) : null
      if (match) return match
    }
    const fromBrowser = browser.filter((language) => language !== '*')
    return (
      (fromBrowser.length ? i18nManager.getSupportedLocaleFor(fromBrowser) : null) ??
      i18nManager.defaultLocale
    )
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
