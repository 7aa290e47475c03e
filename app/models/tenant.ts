import { TenantSchema } from '#database/schema'

/**
 * A customer organisation hosted on the platform. Not tenant-scoped:
 * it is the scope.
 */
export default class Tenant extends TenantSchema {}
