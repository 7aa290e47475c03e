import { defineConfig } from 'vite'
import adonisjs from '@adonisjs/vite/client'

export default defineConfig({
  /* `npm start` and the tests serve assets without hot reload, so
     they never fight a dev server over the HMR socket's port. */
  server: {
    ...(process.env.VITE_HMR === 'false' ? { hmr: false, ws: false } : {}),
    /* In development Vite answers only localhost names; tenants'
       custom domains are listed here (production runs no Vite). */
    allowedHosts: process.env.VITE_ALLOWED_HOSTS?.split(',').filter(Boolean),
  },
  plugins: [
    adonisjs({
      entryPoints: ['resources/css/app.css', 'resources/js/app.js'],
      reload: ['resources/views/**/*.edge', 'plugins/*/resources/views/**/*.edge'],
    }),
  ],
})
