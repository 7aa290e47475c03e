/**
 * The single Alpine entry. Core components live in components/, each
 * plugin's in plugins/<id>/resources/js/; every file registers itself
 * with Alpine.data before Alpine starts.
 */
import Alpine from 'alpinejs'

const core = import.meta.glob('./components/*.js', { eager: true })
const fromPlugins = import.meta.glob('../../plugins/*/resources/js/*.js', { eager: true })

for (const module of [...Object.values(core), ...Object.values(fromPlugins)]) {
  module.default?.(Alpine)
}

window.Alpine = Alpine
Alpine.start()
