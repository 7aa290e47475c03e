import { defineConfig } from '@adonisjs/vite'

/**
 * Built assets land in public/assets; in development and tests the
 * Vite dev server serves them.
 */
export default defineConfig({
  buildDirectory: 'public/assets',
  assetsUrl: '/assets',
})
