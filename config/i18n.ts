import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'
import { pluginSubPaths } from '#plugin_host/discovery'

/**
 * Swedish first, English second. Core translations load first and
 * each plugin's `resources/lang/<locale>/<id>.json` after them.
 */
export default defineConfig({
  defaultLocale: 'sv',
  supportedLocales: ['sv', 'en'],
  formatter: formatters.icu(),
  loaders: [
    loaders.fs({ location: app.languageFilesPath() }),
    ...pluginSubPaths(app.appRoot, 'resources/lang').map((rel) =>
      loaders.fs({ location: app.makePath(rel) })
    ),
  ],
})
