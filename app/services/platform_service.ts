import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import Tenant from '#models/tenant'
import User from '#models/user'
import AnsweringPoint from '#models/answering_point'
import modules from '#services/module_service'
import { TenantContext } from '#services/tenant_context'
import { UnknownPluginException } from '#exceptions/platform_errors'

/**
 * What a tenant stores: rows that grow with use and the bytes of its
 * files (attachments and raw inbound messages).
 */
export interface TenantUsage {
  users: number
  tickets: number
  messages: number
  bytes: number
}

/**
 * One module as the console shows it for a tenant.
 */
export interface TenantModule {
  id: string
  name: string
  version: string
  kind: 'channel' | 'feature'
  description: string | null
  enabled: boolean
  months: string[]
}

export interface CreateTenantInput {
  slug: string
  name: string
  defaultLocale: string
  admin: { fullName: string; email: string; password: string }
}

/**
 * The platform operator's work: tenants, their usage and modules.
 */
export class PlatformService {
  /**
   * Every tenant with its usage, newest first.
   */
  async listTenants() {
    const tenants = await Tenant.query().orderBy('created_at', 'desc').orderBy('id', 'desc')
    const usage = await this.usage()
    return tenants.map((tenant) => ({ tenant, usage: usage(tenant.id) }))
  }

  /**
   * Counts per tenant in a few grouped queries, whatever the number
   * of tenants.
   */
  async usage(): Promise<(tenantId: number) => TenantUsage> {
    const countBy = async (table: string) => {
      const rows = await db.from(table).select('tenant_id').count('* as total').groupBy('tenant_id')
      return new Map(rows.map((row) => [Number(row.tenant_id), Number(row.total)]))
    }
    const sumBy = async (table: string) => {
      const rows = await db
        .from(table)
        .select('tenant_id')
        .sum('size as total')
        .groupBy('tenant_id')
      return new Map(rows.map((row) => [Number(row.tenant_id), Number(row.total ?? 0)]))
    }

    const [users, tickets, messages, files, raw] = await Promise.all([
      countBy('users'),
      countBy('tickets'),
      countBy('messages'),
      sumBy('attachments'),
      sumBy('inbound_messages'),
    ])
    return (id) => ({
      users: users.get(id) ?? 0,
      tickets: tickets.get(id) ?? 0,
      messages: messages.get(id) ?? 0,
      bytes: (files.get(id) ?? 0) + (raw.get(id) ?? 0),
    })
  }

  /**
   * Creates a tenant with a first answering point and its first
   * admin, all or nothing.
   */
  async createTenant(input: CreateTenantInput) {
    const pointName = i18nManager.locale(input.defaultLocale).t('platform.default_point_name')

    return db.transaction(async (trx) => {
      const tenant = await Tenant.create(
        { slug: input.slug, name: input.name, defaultLocale: input.defaultLocale },
        { client: trx }
      )
      const admin = await TenantContext.run(tenant.id, async () => {
        const point = await AnsweringPoint.create(
          { slug: 'support', name: pointName },
          { client: trx }
        )
        const user = await User.create(
          {
            email: input.admin.email,
            fullName: input.admin.fullName,
            password: input.admin.password,
            role: 'admin',
          },
          { client: trx }
        )
        await user.related('answeringPoints').attach({ [point.id]: { tenant_id: tenant.id } }, trx)
        return user
      })
      return { tenant, admin }
    })
  }

  /**
   * Changes a tenant's name, language or active state. An inactive
   * tenant's host answers 404.
   */
  async updateTenant(
    tenant: Tenant,
    input: {
      name: string
      defaultLocale: string
      active: boolean
      customDomain: string | null
    }
  ) {
    tenant.merge(input)
    await tenant.save()
    return tenant
  }

  /**
   * Every installed module with its state for the tenant and the
   * months it was billed.
   */
  async modulesOf(tenantId: number): Promise<TenantModule[]> {
    const host = await app.container.make('plugins')
    const enabled = await modules.switchedOnFor(tenantId)
    const rows = await db
      .from('tenant_plugin_months')
      .where('tenant_id', tenantId)
      .orderBy('month', 'desc')
      .select('plugin_id', 'month')

    return host.plugins.map(({ manifest }) => ({
      id: manifest.id,
      name: manifest.name,
      version: manifest.version,
      kind: manifest.kind,
      description: manifest.description ?? null,
      enabled: enabled.has(manifest.id),
      months: rows.filter((row) => row.plugin_id === manifest.id).map((row) => row.month),
    }))
  }

  /**
   * Enables or disables an installed module for a tenant. Enabling
   * records the month for billing.
   */
  async setModule(tenantId: number, pluginId: string, enabled: boolean) {
    const host = await app.container.make('plugins')
    if (!host.find(pluginId)) throw new UnknownPluginException()
    await modules.setEnabled(tenantId, pluginId, enabled)
  }
}

export default new PlatformService()
