import { defineConfig } from '@adonisjs/core/bodyparser'

/**
 * Forms, JSON and multipart uploads. Webhook routes that must verify
 * signatures over the raw bytes read `request.raw()`.
 */
export default defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    types: ['application/x-www-form-urlencoded'],
  },
  json: {
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    types: ['application/json', 'application/vnd.api+json'],
  },
  multipart: {
    autoProcess: true,
    convertEmptyStringsToNull: true,
    trimWhitespaces: true,
    processManually: [],
    limit: '30mb',
    types: ['multipart/form-data'],
  },
})
