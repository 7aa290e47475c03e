import { Exception } from '@adonisjs/core/exceptions'

/**
 * Coded errors raised by the plugin host. Each names the plugin.
 */
export class InvalidManifestException extends Exception {
  static code = 'E_PLUGIN_INVALID_MANIFEST'
  static status = 500
}

export class VersionMismatchException extends Exception {
  static code = 'E_PLUGIN_VERSION_MISMATCH'
  static status = 500
}

export class MissingDependencyException extends Exception {
  static code = 'E_PLUGIN_MISSING_DEPENDENCY'
  static status = 500
}

export class DuplicateIdException extends Exception {
  static code = 'E_PLUGIN_DUPLICATE_ID'
  static status = 500
}

export class DependencyCycleException extends Exception {
  static code = 'E_PLUGIN_DEPENDENCY_CYCLE'
  static status = 500
}
