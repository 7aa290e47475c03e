import { defineConfig } from '@adonisjs/static'

/**
 * Serves files from public/ with caching headers; dotfiles stay hidden.
 */
export default defineConfig({
  enabled: true,
  etag: true,
  lastModified: true,
  dotFiles: 'ignore',
})
