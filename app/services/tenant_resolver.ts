import { appDomain } from '#config/app'
import Tenant from '#models/tenant'

/**
 * What a request host names: the platform console, a tenant, or
 * nothing this installation serves.
 */
export type HostTarget =
  { kind: 'platform' } | { kind: 'tenant'; tenant: Tenant } | { kind: 'unknown' }

/**
 * A slug's tenant row as last read, or null for no active tenant.
 */
interface CachedHost {
  row: Record<string, unknown> | null
  expiresAt: number
}

/**
 * Resolves request hosts to tenants. `<slug>.<APP_DOMAIN>` names a
 * tenant, and so does a custom domain a tenant registered; the bare
 * domain is the platform console.
 *
 * Every request resolves its host, so the answer is kept per process
 * for a few seconds. A tenant saved or deleted in this process drops
 * its entry at once; another process's change (the console runs on
 * the same web processes, but a second machine may not) shows within
 * the time to live.
 */
export class TenantResolver {
  #hosts = new Map<string, CachedHost>()

  constructor(
    protected domain = appDomain,
    protected ttlMs = 5000
  ) {
    /* A slug may change, so any save forgets every host. */
    Tenant.after('save', () => this.forget())
    Tenant.after('delete', () => this.forget())
  }

  /**
   * The tenant slug in a hostname, or null when it is not a direct
   * subdomain of the platform domain.
   */
  slugOf(hostname: string): string | null {
    const host = hostname.toLowerCase()
    const suffix = `.${this.domain}`
    if (!host.endsWith(suffix)) return null
    const slug = host.slice(0, -suffix.length)
    return /^[a-z0-9][a-z0-9-]*$/.test(slug) ? slug : null
  }

  /**
   * Resolves a hostname.
   */
  async resolve(hostname: string | null): Promise<HostTarget> {
    const host = (hostname ?? '').toLowerCase()
    if (host === this.domain) return { kind: 'platform' }

    const slug = this.slugOf(host)
    const row = slug
      ? await this.#rowFor(`slug:${slug}`, 'slug', slug)
      : isHostname(host) && (await this.#rowFor(`domain:${host}`, 'custom_domain', host))
    if (!row) return { kind: 'unknown' }
    /* A fresh model per request, so no request sees another's edits. */
    return { kind: 'tenant', tenant: Tenant.$createFromAdapterResult(row)! }
  }

  /**
   * Drops everything cached: any tenant's save may change a slug or
   * a custom domain.
   */
  forget() {
    this.#hosts.clear()
  }

  /**
   * The base URL of a tenant, for links in emails and the console.
   */
  urlFor(slug: string, port?: number | string) {
    const suffix = port && !['80', '443'].includes(String(port)) ? `:${port}` : ''
    return `http://${slug}.${this.domain}${suffix}`
  }

  async #rowFor(key: string, column: 'slug' | 'custom_domain', value: string) {
    const cached = this.#hosts.get(key)
    if (cached && cached.expiresAt > Date.now()) return cached.row
    /* Misses are kept too; made-up Host headers must not pile up. */
    if (this.#hosts.size >= 10_000) this.#hosts.clear()

    const row = await Tenant.query()
      .where(column, value)
      .where('active', true)
      .pojo<Record<string, unknown>>()
      .first()
    this.#hosts.set(key, { row: row ?? null, expiresAt: Date.now() + this.ttlMs })
    return row ?? null
  }
}

/**
 * Whether a string is a plain DNS host name (no port, no IP literal
 * brackets), so junk Host headers never reach the database.
 */
export function isHostname(host: string) {
  return (
    host.length <= 253 &&
    /^(?=.*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(
      host
    )
  )
}

export default new TenantResolver()
