/**
 * Validates and types every environment variable the application
 * reads. The README lists each one with its default.
 */
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_NAME: Env.schema.string.optional(),
  APP_DOMAIN: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.string.optional(),

  SESSION_DRIVER: Env.schema.enum(['file', 'redis', 'cookie', 'memory'] as const),

  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'mysql'] as const),
  SQLITE_FILE: Env.schema.string.optional(),
  DB_HOST: Env.schema.string.optional(),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),
  DB_DEBUG: Env.schema.boolean.optional(),

  QUEUE_DRIVER: Env.schema.enum.optional(['database', 'redis', 'sync'] as const),
  LIMITER_STORE: Env.schema.enum.optional(['database', 'redis', 'memory'] as const),
  REDIS_HOST: Env.schema.string.optional(),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.string.optional(),
  TRANSMIT_TRANSPORT: Env.schema.enum.optional(['none', 'redis'] as const),
  TRANSMIT_CHANNEL: Env.schema.string.optional(),

  DRIVE_DISK: Env.schema.enum.optional(['fs'] as const),
  STORAGE_PATH: Env.schema.string.optional(),
  ARCHIVE_STORAGE_PATH: Env.schema.string.optional(),

  RETENTION_WARNING: Env.schema.string.optional(),
  ARCHIVE_RETENTION: Env.schema.string.optional(),
  RETENTION_BATCH_SIZE: Env.schema.number.optional(),
  RETENTION_SCHEDULE: Env.schema.string.optional(),
  PRIVACY_EXPORT_DAYS: Env.schema.number.optional(),

  MAIL_DOMAIN: Env.schema.string.optional(),
  MAIL_FROM_ADDRESS: Env.schema.string.optional(),
  MAIL_MAX_BYTES: Env.schema.number.optional(),
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  SMTP_LISTEN_HOST: Env.schema.string.optional(),
  SMTP_LISTEN_PORT: Env.schema.number.optional(),
})
