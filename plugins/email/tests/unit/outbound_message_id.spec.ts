import { test } from '@japa/runner'
import { generate, loopMarker, mailDomain, verify } from '#plugins/email/services/message_id'

test.group('Channels | Email | signed Message-IDs', () => {
  test('name the ticket and message in a Message-ID that verifies', ({ assert }) => {
    const id = generate(42, 1017, 'Support.Example')

    assert.match(id, /^<t42\.m1017\.[0-9a-f]{16}@support\.example>$/)
    assert.deepEqual(verify(id), { ticketId: 42, messageId: 1017 })
    assert.deepEqual(verify(id.slice(1, -1)), { ticketId: 42, messageId: 1017 })
    assert.deepEqual(verify(` ${id.toUpperCase()} `), { ticketId: 42, messageId: 1017 })
  })

  test('refuse a forged or altered Message-ID', ({ assert }) => {
    const id = generate(42, 1017)
    const signature = id.split('.')[2].split('@')[0]

    assert.isNull(verify(id.replace('t42.', 't43.')))
    assert.isNull(verify(id.replace('m1017.', 'm1018.')))
    assert.isNull(verify(id.replace(signature, '0'.repeat(16))))
    assert.isNull(verify('<t42.m1017@example.org>'))
    assert.isNull(verify('<CAF=abc@mail.gmail.com>'))
    assert.isNull(verify(''))
    assert.isNull(verify(null))
  })

  test('use the platform mail domain by default', ({ assert }) => {
    assert.match(generate(1, 2), new RegExp(`@${mailDomain().replace(/\./g, '\\.')}>$`))
    assert.equal(loopMarker(), `ehelpdesk@${mailDomain()}`)
  })
})
