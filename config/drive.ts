import { isAbsolute } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, services } from '@adonisjs/drive'

/**
 * Attachments and raw messages. Files are private: they are served
 * through authorised controllers, never by a public URL.
 */
const storagePath = env.get('STORAGE_PATH', 'storage')

/**
 * Files retention moved out of production (archived attachments).
 */
const archivePath = env.get('ARCHIVE_STORAGE_PATH', `${storagePath}-archive`)

const location = (path: string) => (isAbsolute(path) ? path : app.makePath(path))

const driveConfig = defineConfig({
  default: env.get('DRIVE_DISK', 'fs'),
  services: {
    fs: services.fs({
      location: location(storagePath),
      serveFiles: false,
      visibility: 'private',
    }),
    archive: services.fs({
      location: location(archivePath),
      serveFiles: false,
      visibility: 'private',
    }),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
