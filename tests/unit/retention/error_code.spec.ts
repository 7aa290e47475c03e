import { test } from '@japa/runner'
import { errorCode } from '#services/retention/retention_service'

test.group('Retention | run errors', () => {
  test('keep the code of a failure, never its message', ({ assert }) => {
    const driver = Object.assign(new Error('UNIQUE failed: kim@example.org'), {
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    })
    assert.equal(errorCode(driver), 'SQLITE_CONSTRAINT_UNIQUE')
    assert.equal(errorCode(new TypeError('Kim Bergström')), 'TypeError')
    assert.equal(errorCode('Kim Bergström'), 'Error')
  })
})
