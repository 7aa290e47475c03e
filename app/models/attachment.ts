import { compose } from '@adonisjs/core/helpers'
import { AttachmentSchema } from '#database/schema'
import { withTenantScope } from '#models/mixins/tenant_scoped'

/**
 * A file of a message, stored through Drive under a generated key;
 * the original name is kept here.
 */
export default class Attachment extends compose(AttachmentSchema, withTenantScope()) {}
