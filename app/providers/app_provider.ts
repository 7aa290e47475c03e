import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Application-wide bindings and macros.
 */
export default class AppProvider {
  constructor(protected app: ApplicationService) {}

  register() {}

  async boot() {}
}
