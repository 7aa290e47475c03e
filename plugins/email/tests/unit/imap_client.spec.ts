import { test } from '@japa/runner'
import { uidSet } from '#plugins/email/services/imap_client'

test.group('Channels | Email | IMAP client', () => {
  test('compress UIDs into an IMAP sequence set', ({ assert }) => {
    assert.equal(uidSet([5, 1, 2, 3, 9, 10, 12]), '1:3,5,9:10,12')
    assert.equal(uidSet([7]), '7')
    assert.equal(uidSet([]), '')
  })
})
