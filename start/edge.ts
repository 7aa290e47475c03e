/**
 * Edge globals shared by every view.
 */
import edge, { Template } from 'edge.js'
import { DateTime } from 'luxon'

edge.global('formatDate', (value: DateTime | null, locale = 'sv', zone = 'Europe/Stockholm') => {
  if (!value) return ''
  return value.setZone(zone).setLocale(locale).toLocaleString(DateTime.DATETIME_SHORT)
})

/* A date and time with its zone named ("2026-12-04 13:17 CET"), for
   dates that people in different zones compare. */
edge.global(
  'formatZonedDate',
  (value: DateTime | null, locale = 'sv', zone = 'Europe/Stockholm') => {
    if (!value) return ''
    return value
      .setZone(zone)
      .setLocale(locale)
      .toLocaleString({ ...DateTime.DATETIME_SHORT, timeZoneName: 'short' })
  }
)

edge.global('formatBytes', (bytes: number, locale = 'sv') => {
  const number = (value: number) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      value
    )
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${number(bytes / 1024)} kB`
  return `${number(bytes / 1024 / 1024)} MB`
})

/*
 * edge.js 6.5 never caches partials: `compilePartial` passes its rest
 * parameter (an empty array when the parent has no local variables)
 * to the compiler, which treats any array as "do not cache". Every
 * `@include` was therefore re-read and re-compiled on every render.
 * The compiled function depends only on the template path and the
 * names of the parent's local variables, so it is cached here on the
 * same terms as Edge's own cache (only when caching is enabled).
 */
const compiledPartials = new Map<string, unknown>()
const compilePartial = Template.prototype.compilePartial
Template.prototype.compilePartial = function (path: string, ...locals: string[]) {
  if (!edge.compiler.cacheManager.enabled) return compilePartial.call(this, path, ...locals)
  const key = `${path}\u0000${locals.join(',')}`
  let compiled = compiledPartials.get(key)
  if (!compiled) {
    compiled = compilePartial.call(this, path, ...locals)
    compiledPartials.set(key, compiled)
  }
  return compiled as ReturnType<typeof compilePartial>
}
