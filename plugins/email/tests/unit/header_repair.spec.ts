import { test } from '@japa/runner'
import iconv from 'iconv-lite'
import { parseEmail } from '#plugins/email/services/mime_parser'
import { repairHeaders, stripEnvelopeLine } from '#plugins/email/services/header_repair'
import { corpusAvailable, corpusFile } from '../helpers/corpus.js'

/**
 * A message whose header lines are written in Latin-1 bytes, as
 * broken mailers send them.
 */
function latin1Mail(headers: string, body = 'Hej\r\n') {
  return iconv.encode(`${headers.replace(/\n/g, '\r\n')}\r\n\r\n${body}`, 'windows-1252')
}

test.group('Email | header repair', () => {
  test('decode the raw Latin-1 Cc names of the corpus case', async ({ assert }) => {
    if (!corpusAvailable()) return
    const mail = await parseEmail(corpusFile('cases/raw-latin1-cc.eml'))

    assert.deepEqual(mail.cc, [
      { name: 'Björn Lindström', address: 'bjorn.lindstrom@example.org' },
      { name: 'Åsa Öberg', address: 'asa.oberg@example.net' },
    ])
    assert.notInclude(JSON.stringify(mail), '\uFFFD')
  })

  test('decode raw 8-bit bytes in From, To, Cc, Reply-To and Subject', async ({ assert }) => {
    const raw = latin1Mail(
      [
        'From: Jörgen Åkesson <jorgen@example.org>',
        'To: Märta Ström <marta@example.org>',
        'Cc: "Ödön Ärlig" <odon@example.org>,',
        ' Renée Façade <renee@example.org>',
        'Reply-To: Ängel Ål <angel@example.org>',
        'Subject: Överföring av ärende – prislista für Kunden',
        'Message-ID: <latin1@example.org>',
        'Content-Type: text/plain; charset=utf-8',
      ].join('\n')
    )

    const mail = await parseEmail(raw)

    assert.deepEqual(mail.from, { name: 'Jörgen Åkesson', address: 'jorgen@example.org' })
    assert.deepEqual(mail.to, [{ name: 'Märta Ström', address: 'marta@example.org' }])
    assert.deepEqual(mail.cc, [
      { name: 'Ödön Ärlig', address: 'odon@example.org' },
      { name: 'Renée Façade', address: 'renee@example.org' },
    ])
    assert.deepEqual(mail.replyTo, [{ name: 'Ängel Ål', address: 'angel@example.org' }])
    assert.equal(mail.subject, 'Överföring av ärende – prislista für Kunden')
  })

  test('decode Windows-1252 punctuation in a header', async ({ assert }) => {
    const raw = Buffer.concat([
      Buffer.from('From: a@example.org\r\nSubject: '),
      Buffer.from([0x93, 0x4f, 0x6b, 0x94, 0x20, 0x80, 0x35]),
      Buffer.from('\r\n\r\nx\r\n'),
    ])
    const mail = await parseEmail(raw)
    assert.equal(mail.subject, '\u201cOk\u201d \u20ac5')
  })

  test('decode raw 8-bit bytes in a MIME part’s file name', async ({ assert }) => {
    const raw = latin1Mail(
      [
        'From: a@example.org',
        'Subject: Bilaga',
        'Content-Type: multipart/mixed; boundary="b1"',
      ].join('\n'),
      [
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Se bilagan.',
        '--b1',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename="Prislista för år 2025.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4').toString('base64'),
        '--b1--',
        '',
      ].join('\r\n')
    )

    const mail = await parseEmail(raw)

    assert.deepEqual(
      mail.attachments.map((file) => file.fileName),
      ['Prislista för år 2025.pdf']
    )
  })

  test('use the declared legacy charset for raw header bytes', async ({ assert }) => {
    const raw = Buffer.concat([
      Buffer.from('From: a@example.org\r\nSubject: '),
      iconv.encode('お問い合わせ', 'shift_jis'),
      Buffer.from('\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n'),
      iconv.encode('本文です', 'shift_jis'),
    ])

    const mail = await parseEmail(raw)

    assert.equal(mail.subject, 'お問い合わせ')
    assert.equal(mail.text?.trim(), '本文です')
  })

  test('leave valid UTF-8 headers untouched', async ({ assert }) => {
    const raw = Buffer.from(
      'From: Jöhn Doe <jdöe@example.org>\r\nSubject: Säying Hello 漢字\r\n\r\nbody\r\n'
    )
    assert.strictEqual(repairHeaders(raw), raw)
    const mail = await parseEmail(raw)
    assert.equal(mail.subject, 'Säying Hello 漢字')
    assert.equal(mail.from?.name, 'Jöhn Doe')
  })

  test('read the RFC 6532 corpus message with UTF-8 headers', async ({ assert }) => {
    if (!corpusAvailable()) return
    const mail = await parseEmail(corpusFile('mail-gem/rfc6532/utf8_headers.eml'))
    assert.equal(mail.subject, 'Säying Hello')
    assert.deepEqual(mail.from, { name: 'Jöhn Doe', address: 'jdöe@mächine.example' })
  })

  test('leave body bytes alone while repairing headers', async ({ assert }) => {
    const body = Buffer.from([0x48, 0xe9, 0x6a, 0x0d, 0x0a])
    const raw = Buffer.concat([iconv.encode('Subject: Café\r\n\r\n', 'latin1'), body])
    const fixed = repairHeaders(raw)
    assert.deepEqual(fixed.subarray(fixed.length - body.length), body)
    assert.equal(fixed.subarray(0, 16).toString('utf8'), 'Subject: Café\r\n')
  })

  test('drop an mbox envelope line but keep an obsolete From field', ({ assert }) => {
    const envelope = Buffer.from('From kim@example.org Mon May  2 16:07:05 2005\nSubject: x\n')
    const field = Buffer.from('From  : Kim <kim@example.org>\n')
    assert.equal(stripEnvelopeLine(envelope).toString(), 'Subject: x\n')
    assert.strictEqual(stripEnvelopeLine(field), field)
  })
})
