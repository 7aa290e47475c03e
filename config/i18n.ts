import app from '@adonisjs/core/services/app'
import { configProvider } from '@adonisjs/core'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'
import type { FormatterFactory, TranslationsFormatterContract } from '@adonisjs/i18n/types'
import { pluginSubPaths } from '#plugin_host/discovery'

/**
 * ICU formatting, with messages that take no values formatted once
 * per locale: the ICU formatter parses the message on every call, and
 * a page uses dozens of plain labels.
 */
const cachedIcu = configProvider.create<FormatterFactory>(async (application) => {
  const icu = await formatters.icu().resolver(application)
  return (config) => {
    const formatter = icu(config)
    const plain = new Map<string, string>()
    return {
      name: formatter.name,
      format(message, locale, data) {
        if (data && Object.keys(data).length > 0) return formatter.format(message, locale, data)
        const key = `${locale}\u0000${message}`
        let output = plain.get(key)
        if (output === undefined) {
          output = formatter.format(message, locale, data)
          plain.set(key, output)
        }
        return output
      },
    } satisfies TranslationsFormatterContract
  }
})

/**
 * Swedish first, English second. Core translations load first and
 * each plugin's `resources/lang/<locale>/<id>.json` after them.
 */
export default defineConfig({
  defaultLocale: 'sv',
  supportedLocales: ['sv', 'en'],
  formatter: cachedIcu,
  loaders: [
    loaders.fs({ location: app.languageFilesPath() }),
    ...pluginSubPaths(app.appRoot, 'resources/lang').map((rel) =>
      loaders.fs({ location: app.makePath(rel) })
    ),
  ],
})
