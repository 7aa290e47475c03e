import { Exception } from '@adonisjs/core/exceptions'

/**
 * Coded errors of the email plugin. Each code carries the plugin id.
 */
export class UnknownTenantException extends Exception {
  static code = 'E_EMAIL_UNKNOWN_TENANT'
  static status = 404
}

export class UnknownAnsweringPointException extends Exception {
  static code = 'E_EMAIL_UNKNOWN_ANSWERING_POINT'
  static status = 404
}

export class ImportSourceException extends Exception {
  static code = 'E_EMAIL_IMPORT_SOURCE'
  static status = 400
}

export class InboundStateException extends Exception {
  static code = 'E_EMAIL_INBOUND_STATE'
  static status = 409
  static message = 'The message is not in a state that allows this action'
}

export class RawMissingException extends Exception {
  static code = 'E_EMAIL_RAW_MISSING'
  static status = 410
  static message = 'The raw message is no longer stored'
}

export class EmailForbiddenException extends Exception {
  static code = 'E_EMAIL_FORBIDDEN'
  static status = 403
  static message = 'Only tenant admins may manage email'
}
