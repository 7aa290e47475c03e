import { appDomain } from '#config/app'
import Tenant from '#models/tenant'

/**
 * What a request host names: the platform console, a tenant, or
 * nothing this installation serves.
 */
export type HostTarget =
  | { kind: 'platform' }
  | { kind: 'tenant'; tenant: Tenant }
  | { kind: 'unknown' }

/**
 * Resolves request hosts to tenants. `<slug>.<APP_DOMAIN>` names a
 * tenant; the bare domain is the platform console.
 */
export class TenantResolver {
  constructor(protected domain = appDomain) {}

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
    if (!slug) return { kind: 'unknown' }

    const tenant = await Tenant.query().where('slug', slug).where('active', true).first()
    return tenant ? { kind: 'tenant', tenant } : { kind: 'unknown' }
  }

  /**
   * The base URL of a tenant, for links in emails and the console.
   */
  urlFor(slug: string, port?: number | string) {
    const suffix = port && !['80', '443'].includes(String(port)) ? `:${port}` : ''
    return `http://${slug}.${this.domain}${suffix}`
  }
}

export default new TenantResolver()
