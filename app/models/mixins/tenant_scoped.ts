import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import type { BaseModel } from '@adonisjs/lucid/orm'
import type {
  LucidModel,
  ModelAdapterOptions,
  ModelQueryBuilderContract,
} from '@adonisjs/lucid/types/model'
import { TenantContext } from '#services/tenant_context'

type ModelClass = NormalizeConstructor<typeof BaseModel>

/**
 * Scopes a model to the current tenant: every query it builds
 * (fetch, find, update, delete, paginate, preload) is filtered by
 * `tenant_id`, and new rows take the current tenant. Outside a tenant
 * context queries throw, so a missing scope cannot go unnoticed.
 */
export function withTenantScope() {
  return <T extends ModelClass>(superclass: T) => {
    class TenantScoped extends superclass {
      declare tenantId: number

      static query<Model extends LucidModel, Result = InstanceType<Model>>(
        this: Model,
        options?: ModelAdapterOptions
      ): ModelQueryBuilderContract<Model, Result> {
        const query = (superclass as unknown as LucidModel).query.call(this, options)
        const tenantId = TenantContext.current()
        if (tenantId !== null) {
          query.where(`${this.table}.tenant_id`, tenantId)
        }
        return query as ModelQueryBuilderContract<Model, Result>
      }

      static boot() {
        if (Object.hasOwn(this, 'booted') && this.booted) return
        super.boot()
        this.before('save', (row: TenantScoped) => {
          const tenantId = TenantContext.current()
          if (tenantId === null) return
          if (row.tenantId === undefined || row.tenantId === null) {
            row.tenantId = tenantId
          } else if (row.tenantId !== tenantId) {
            throw new Error('Row belongs to another tenant')
          }
        })
      }
    }
    return TenantScoped
  }
}
