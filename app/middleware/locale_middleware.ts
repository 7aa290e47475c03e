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
    const wanted = [user?.locale, ctx.tenant?.defaultLocale, ...ctx.request.languages()]
    const locale =
      i18nManager.getSupportedLocaleFor(wanted.filter((l): l is string => !!l)) ??
      i18nManager.defaultLocale

    ctx.i18n = i18nManager.locale(locale)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    ctx.view.share({ i18n: ctx.i18n, locale })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
