import { AsyncLocalStorage } from 'node:async_hooks'
import { Exception } from '@adonisjs/core/exceptions'

/**
 * The tenant a unit of work runs for. Set by the tenant middleware for
 * requests and by `TenantContext.run` in jobs, commands and pollers.
 */
export interface TenantStore {
  tenantId: number | null
  bypass: boolean
}

const storage = new AsyncLocalStorage<TenantStore>()

/**
 * Raised when tenant data is read or written outside a tenant context.
 */
export class TenantContextMissingException extends Exception {
  static code = 'E_TENANT_CONTEXT_MISSING'
  static status = 500
  static message = 'Tenant data accessed outside a tenant context'
}

/**
 * The single entry point that scopes every read and write of tenant
 * data. Models that carry `tenant_id` consult it on every query.
 */
export const TenantContext = {
  /**
   * Runs `fn` with `tenantId` as the current tenant.
   */
  run<T>(tenantId: number, fn: () => T): T {
    return storage.run({ tenantId, bypass: false }, fn)
  },

  /**
   * Runs `fn` without tenant scoping. Only for platform-wide work
   * (the operator console, the worker's mailbox list, retention).
   */
  bypass<T>(fn: () => T): T {
    return storage.run({ tenantId: null, bypass: true }, fn)
  },

  /**
   * The current tenant id, or null when bypassing.
   */
  current(): number | null {
    const store = storage.getStore()
    if (!store) throw new TenantContextMissingException()
    return store.bypass ? null : store.tenantId
  },

  /**
   * The current tenant id; throws when there is none.
   */
  require(): number {
    const id = storage.getStore()?.tenantId
    if (!id) throw new TenantContextMissingException()
    return id
  },

  /**
   * True inside `run` or `bypass`.
   */
  active(): boolean {
    return storage.getStore() !== undefined
  },
}
