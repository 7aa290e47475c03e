/**
 * Entry point for ace commands. Registers the TypeScript loader, then
 * hands over to the console entry in bin/.
 */
import '@poppinss/ts-exec'

await import('./bin/console.js')
