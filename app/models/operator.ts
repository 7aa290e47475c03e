import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { OperatorSchema } from '#database/schema'

/**
 * A platform operator. Exists only on the platform host.
 */
export default class Operator extends compose(
  OperatorSchema,
  withAuthFinder(hash, { uids: ['email'], passwordColumnName: 'password' })
) {}
