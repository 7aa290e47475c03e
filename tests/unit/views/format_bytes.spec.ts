import { test } from '@japa/runner'
import edge from 'edge.js'

test.group('Views | formatBytes', () => {
  test('write sizes with the decimal sign of the language', async ({ assert }) => {
    const formatBytes = edge.globals.formatBytes as (bytes: number, locale?: string) => string
    assert.equal(formatBytes(33, 'sv'), '33 B')
    assert.equal(formatBytes(5939, 'sv'), '5,8 kB')
    assert.equal(formatBytes(5939, 'en'), '5.8 kB')
    assert.equal(formatBytes(3 * 1024 * 1024, 'en'), '3.0 MB')
    assert.equal(formatBytes(5939), '5,8 kB')
  })
})
