import { Exception } from '@adonisjs/core/exceptions'

/**
 * A module id that no installed plugin has.
 */
export class UnknownPluginException extends Exception {
  static code = 'E_PLATFORM_UNKNOWN_PLUGIN'
  static status = 404
  static message = 'No such module'
}
