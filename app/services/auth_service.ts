import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { HttpRequest } from '@adonisjs/core/http'
import { appDomain } from '#config/app'
import User from '#models/user'
import Operator from '#models/operator'
import type Tenant from '#models/tenant'
import PasswordResetToken from '#models/password_reset_token'
import PasswordResetMail from '#mails/password_reset_mail'
import {
  InvalidLoginException,
  InvalidResetTokenException,
  LoginThrottledException,
} from '#exceptions/auth_errors'

/**
 * Failed logins allowed per email and client address before the
 * form is locked for the rest of the window.
 */
export const LOGIN_ATTEMPTS = 5
export const LOGIN_WINDOW = '15 mins'

/**
 * Reset requests per email and client address per hour; more are
 * answered the same way but send nothing.
 */
const RESET_REQUESTS = 5

/**
 * How long a password reset link works.
 */
export const RESET_TOKEN_TTL = { hours: 1 }

/**
 * The SHA-256 under which a reset token is stored.
 */
export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * Login with throttling, and password reset by email link.
 */
export class AuthService {
  /**
   * The active tenant user with these credentials, looked up in the
   * current tenant only. Throws E_AUTH_TOO_MANY_ATTEMPTS once this
   * email and address have failed too often, E_AUTH_INVALID_CREDENTIALS
   * otherwise; inactive users count as wrong credentials.
   */
  async attemptUser(tenant: Tenant, email: string, password: string, ip: string) {
    return this.throttled(`login:t${tenant.id}:${email}:${ip}`, async () => {
      const user = await this.verified(() => User.verifyCredentials(email, password))
      if (!user.active) throw new InvalidLoginException()
      return user
    })
  }

  /**
   * The platform operator with these credentials; throttled like
   * tenant logins.
   */
  async attemptOperator(email: string, password: string, ip: string) {
    return this.throttled(`login:platform:${email}:${ip}`, () =>
      this.verified(() => Operator.verifyCredentials(email, password))
    )
  }

  /**
   * Runs a credential check under the login limiter: failures count,
   * a success clears them.
   */
  protected async throttled<T>(key: string, check: () => Promise<T>): Promise<T> {
    const throttle = limiter.use({
      requests: LOGIN_ATTEMPTS,
      duration: LOGIN_WINDOW,
      blockDuration: LOGIN_WINDOW,
    })
    const [error, result] = await throttle.penalize(key, check)
    if (error) throw new LoginThrottledException(error.response.availableIn)
    return result as T
  }

  /**
   * Turns the auth package's credential error into ours.
   */
  protected async verified<T>(verify: () => Promise<T>): Promise<T> {
    try {
      return await verify()
    } catch (error) {
      if ((error as { code?: string }).code === 'E_INVALID_CREDENTIALS') {
        throw new InvalidLoginException()
      }
      throw error
    }
  }

  /**
   * Handles the "forgot password" form. Sends a link when an active
   * account has this email, and does nothing visible otherwise, so
   * the answer never reveals whether the account exists.
   */
  async requestReset(tenant: Tenant, email: string, base: string, ip: string) {
    const throttle = limiter.use({ requests: RESET_REQUESTS, duration: '1 hour' })
    const allowed = await throttle.attempt(`reset:t${tenant.id}:${email}:${ip}`, () => true)
    if (!allowed) return

    const user = await User.query().where('email', email).where('active', true).first()
    if (user) await this.sendResetLink(user, tenant, base)
  }

  /**
   * Creates a fresh reset token for the user, replacing older ones,
   * and mails the link. Only the token's hash is stored.
   */
  async sendResetLink(user: User, tenant: Tenant, base: string) {
    const token = randomBytes(32).toString('base64url')

    await db.transaction(async (trx) => {
      await PasswordResetToken.query({ client: trx }).where('user_id', user.id).delete()
      await PasswordResetToken.create(
        {
          userId: user.id,
          tokenHash: hashToken(token),
          expiresAt: DateTime.utc().plus(RESET_TOKEN_TTL),
        },
        { client: trx }
      )
    })

    const url = `${base}/reset-password/${token}`
    const locale = user.locale ?? tenant.defaultLocale
    await mail.sendLater(new PasswordResetMail(user, tenant.name, url, locale))
  }

  /**
   * The unexpired token record for a token from a link, or null.
   */
  async findValidToken(token: string) {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
    return PasswordResetToken.query()
      .where('token_hash', hashToken(token))
      .where('expires_at', '>', DateTime.utc().toFormat('yyyy-MM-dd HH:mm:ss'))
      .first()
  }

  /**
   * Sets a new password through a reset link. The link works once:
   * every token of the user is deleted in the same transaction.
   */
  async resetPassword(token: string, password: string) {
    const record = await this.findValidToken(token)
    if (!record) throw new InvalidResetTokenException()

    return db.transaction(async (trx) => {
      const deleted = await PasswordResetToken.query({ client: trx })
        .where('user_id', record.userId)
        .delete()
      const count = Array.isArray(deleted) ? Number(deleted[0]) : Number(deleted)
      if (!count) throw new InvalidResetTokenException()

      const user = await User.query({ client: trx }).where('id', record.userId).first()
      if (!user || !user.active) throw new InvalidResetTokenException()

      user.password = password
      await user.save()
      return user
    })
  }

  /**
   * The tenant's base URL as the browser reached it: scheme, the
   * tenant's own host name (never one taken from the request) and
   * the port the request came in on.
   */
  tenantBaseUrl(request: HttpRequest, tenant: Tenant) {
    const port = (request.host() ?? '').match(/:(\d+)$/)?.[1]
    const scheme = request.protocol() === 'https' ? 'https' : 'http'
    return `${scheme}://${tenant.slug}.${appDomain}${port ? `:${port}` : ''}`
  }
}

export default new AuthService()
