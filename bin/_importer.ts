/**
 * Root of the application and the importer the Ignitor uses to load
 * app files relative to it. Shared by every entry point in bin/.
 */
export const APP_ROOT = new URL('../', import.meta.url)

export function IMPORTER(filePath: string) {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}
