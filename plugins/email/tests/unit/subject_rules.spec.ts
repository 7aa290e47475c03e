import { test } from '@japa/runner'
import {
  displaySubject,
  stripReplyPrefixes,
  subjectTag,
  subjectTagRegex,
  ticketNumberFrom,
} from '#plugins/email/services/subject_rules'

test.group('Email | subject rules', () => {
  test('strip reply and forward prefixes in several languages', ({ assert }) => {
    const cases: [string, string][] = [
      ['Re: Hello', 'Hello'],
      ['RE: Hello', 'Hello'],
      ['Sv: Hello', 'Hello'],
      ['SV: SV: Hello', 'Hello'],
      ['VS: Hello', 'Hello'],
      ['AW: Hello', 'Hello'],
      ['WG: Hello', 'Hello'],
      ['Fwd: Hello', 'Hello'],
      ['Fw: Hello', 'Hello'],
      ['VB: Hello', 'Hello'],
      ['Antw: Hello', 'Hello'],
      ['TR: Hello', 'Hello'],
      ['Re[2]: Hello', 'Hello'],
      ['Re(3): Hello', 'Hello'],
      ['Re: Fwd: AW: SV:  Hello', 'Hello'],
      ['re : Hello', 'Hello'],
      ['Regarding: Hello', 'Regarding: Hello'],
      ['Svar saknas', 'Svar saknas'],
      ['Re:', ''],
    ]
    for (const [input, expected] of cases) {
      assert.equal(stripReplyPrefixes(input), expected, input)
    }
  })

  test('read the ticket number from the default tag', ({ assert }) => {
    assert.equal(ticketNumberFrom('Re: [#1234] Printer'), 1234)
    assert.equal(ticketNumberFrom('Printer [# 77]'), 77)
    assert.isNull(ticketNumberFrom('Invoice #1234'))
    assert.isNull(ticketNumberFrom(null))
    assert.isNull(ticketNumberFrom('[#0] zero'))
  })

  test('build a safe pattern from a configured tag', ({ assert }) => {
    assert.equal(ticketNumberFrom('SV: Ärende 42: Hej', 'Ärende {number}:'), 42)
    assert.equal(ticketNumberFrom('(Case*9) help', '(Case*{number})'), 9)
    assert.isNull(ticketNumberFrom('CaseXX9 help', '(Case*{number})'))
    assert.isNull(subjectTagRegex('no placeholder'))
    assert.equal(ticketNumberFrom('[#5] x', 'no placeholder'), null)
  })

  test('format the tag for an outgoing subject', ({ assert }) => {
    assert.equal(subjectTag(12), '[#12]')
    assert.equal(subjectTag(12, 'Ärende {number}:'), 'Ärende 12:')
  })

  test('show a subject without prefixes and tag', ({ assert }) => {
    assert.equal(displaySubject('Re: [#12] SV: Printer broken'), 'Printer broken')
    assert.equal(displaySubject('[#12] Re: Printer'), 'Printer')
    assert.equal(displaySubject(null), '')
  })
})
