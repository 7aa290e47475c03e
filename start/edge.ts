/**
 * Edge globals shared by every view.
 */
import edge from 'edge.js'
import { DateTime } from 'luxon'

edge.global('formatDate', (value: DateTime | null, locale = 'sv', zone = 'Europe/Stockholm') => {
  if (!value) return ''
  return value.setZone(zone).setLocale(locale).toLocaleString(DateTime.DATETIME_SHORT)
})

edge.global('formatBytes', (bytes: number) => {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
})
