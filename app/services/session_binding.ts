import { createHmac } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import env from '#start/env'

/**
 * An account that signs in with a password hash.
 */
interface Credentialed {
  password: string
}

type Guard = 'web' | 'operator'

/**
 * Ties a login session to the password it was opened with: once the
 * password changes (a reset link, an admin setting a new one), every
 * other session of that account ends at its next request. Works with
 * every session store, the cookie store included, since nothing but
 * the password hash on the account has to change.
 */
export class SessionBinding {
  /**
   * Records the account's current password in the session. Called
   * right after a login.
   */
  bind(ctx: HttpContext, guard: Guard, account: Credentialed) {
    ctx.session.put(this.#key(guard), this.#fingerprint(account))
  }

  /**
   * Whether the session still matches the account's password. A
   * session without a record (opened before sessions were bound, or by
   * a test client) is bound now.
   */
  holds(ctx: HttpContext, guard: Guard, account: Credentialed) {
    const recorded = ctx.session.get(this.#key(guard))
    if (recorded === undefined) {
      this.bind(ctx, guard, account)
      return true
    }
    return recorded === this.#fingerprint(account)
  }

  #key(guard: Guard) {
    return `auth_${guard}_credentials`
  }

  /* Keyed by the app key, so the value says nothing of the hash. */
  #fingerprint(account: Credentialed) {
    return createHmac('sha256', env.get('APP_KEY').release())
      .update(account.password)
      .digest('base64url')
      .slice(0, 22)
  }
}

export default new SessionBinding()
