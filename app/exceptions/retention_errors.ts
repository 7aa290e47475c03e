import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import { describePeriod } from '#services/retention/period_format'

/**
 * A retention change the admin area refuses. The form comes back with
 * the input kept and the reason shown.
 */
abstract class RetentionRuleException extends Exception {
  static status = 422
  abstract translationKey: string

  /**
   * The message's values in the request's language.
   */
  messageData(_ctx: HttpContext): Record<string, string> {
    return {}
  }

  /**
   * Renders the refusal for the form or the JSON client.
   */
  async handle(error: this, ctx: HttpContext) {
    const message = ctx.i18n.t(error.translationKey, error.messageData(ctx))
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(error.status).send({ errors: [{ code: error.code, message }] })
    }
    ctx.session.flashExcept(['_csrf', '_method'])
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
}

/**
 * A tenant period longer than the platform's (or for a class the
 * platform keeps while in use): tenants may only shorten.
 */
export class RetentionLongerException extends RetentionRuleException {
  static code = 'E_RETENTION_LONGER'
  static message = 'A retention period may not be longer than the platform maximum'
  translationKey: string

  /**
   * `label` is the class's translation key; `platform` its maximum
   * (ISO 8601), or null for a class kept while in use.
   */
  constructor(
    public label: string,
    public platform: string | null
  ) {
    super()
    this.translationKey = platform ? 'retention.errors.longer' : 'retention.errors.no_period'
  }

  /**
   * The class's name and the maximum in words ("2 år").
   */
  messageData(ctx: HttpContext) {
    return {
      class: ctx.i18n.t(this.label),
      max: this.platform ? describePeriod(this.platform, ctx.i18n.locale) : '',
    }
  }
}
