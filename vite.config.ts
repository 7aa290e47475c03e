import { defineConfig } from 'vite'
import adonisjs from '@adonisjs/vite/client'

export default defineConfig({
  /* `npm start` serves assets without hot reload, so it never fights
     a dev server over the HMR port. */
  server: { hmr: process.env.VITE_HMR !== 'false' },
  plugins: [
    adonisjs({
      entryPoints: ['resources/css/app.css', 'resources/js/app.js'],
      reload: ['resources/views/**/*.edge', 'plugins/*/resources/views/**/*.edge'],
    }),
  ],
})
