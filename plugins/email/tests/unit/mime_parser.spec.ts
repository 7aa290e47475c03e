import { test } from '@japa/runner'
import { messageIds, parseEmail } from '#plugins/email/services/mime_parser'
import { corpusAvailable, corpusFile } from '../helpers/corpus.js'
import { rawMail } from '../helpers/mail.js'

const parse = (path: string) => parseEmail(corpusFile(`mail-gem/${path}`))

test.group('Email | MIME parser', () => {
  test('decode Japanese charsets in subjects, bodies and file names', async ({ assert }) => {
    if (!corpusAvailable()) return
    const iso2022 = await parse('multi_charset/japanese_iso_2022.eml')
    const shiftJis = await parse('multi_charset/japanese_shift_jis.eml')
    const named = await parse('multi_charset/japanese_attachment_long_name.eml')

    assert.equal(iso2022.subject, 'まみむめも')
    assert.equal(iso2022.text?.trim(), 'すみません。')
    assert.include(shiftJis.text!, 'このメールはテスト用のメールです。')
    assert.equal(named.subject, 'まみむめも'.repeat(10))
    assert.deepEqual(
      named.attachments.map((file) => file.fileName),
      ['かきくけこ'.repeat(5) + '.txt']
    )
  })

  test('decode Korean text in EUC-KR and ks_c_5601-1987', async ({ assert }) => {
    if (!corpusAvailable()) return
    const korean = await parse('plain_emails/raw_email.eml')
    const ksc = await parse('multi_charset/ks_c_5601-1987.eml')

    assert.equal(korean.subject, 'NOTE: 한국말로 하는 것')
    assert.include(korean.text!, '제 이름은 Jamis입니다.')
    assert.equal(ksc.text?.trim(), '스티해')
  })

  test('decode attachment names given in RFC 2231 and RFC 2047 form', async ({ assert }) => {
    if (!corpusAvailable()) return
    const names = async (path: string) =>
      (await parse(path)).attachments.map((file) => file.fileName)

    assert.deepEqual(await names('attachment_emails/attachment_nonascii_filename.eml'), [
      'ciële.txt',
    ])
    assert.deepEqual(await names('attachment_emails/attachment_with_quoted_filename.eml'), [
      'Eelanalüüsi päring.jpg',
    ])
    assert.deepEqual(await names('attachment_emails/attachment_with_encoded_name.eml'), [
      '01 Quien Te Dijat. Pitbull.mp3',
    ])
    assert.deepEqual(await names('attachment_emails/attachment_with_base64_encoded_name.eml'), [
      'This is a test.pdf',
    ])
    assert.deepEqual(await names('multi_charset/japanese_attachment.eml'), ['てすと.txt'])
  })

  test('name unnamed parts and keep forwarded messages as .eml files', async ({ assert }) => {
    if (!corpusAvailable()) return
    const unnamed = await parse('attachment_emails/attachment_content_location.eml')
    const forwarded = await parse('attachment_emails/attachment_message_rfc822.eml')
    const bounce = await parse('multipart_report_emails/multi_address_bounce1.eml')

    assert.deepEqual(
      unnamed.attachments.map((file) => [file.fileName, file.contentType]),
      [['attachment-1.jpg', 'image/jpeg']]
    )
    assert.deepEqual(
      forwarded.attachments.map((file) => [file.fileName, file.contentType]),
      [['ForwardedMessage.eml', 'message/rfc822']]
    )
    assert.include(forwarded.attachments[0].content.toString(), 'Subject:')
    assert.deepEqual(
      bounce.attachments.map((file) => file.fileName),
      ['attachment-1.txt', 'attachment-2.eml']
    )
  })

  test('keep inline images with their content id and the HTML as sent', async ({ assert }) => {
    const raw = rawMail(
      {
        'From': 'a@example.org',
        'Subject': 'Inline',
        'Content-Type': 'multipart/related; boundary="r"',
      },
      [
        '--r',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Logo: <img src="cid:logo@x"></p>',
        '--r',
        'Content-Type: image/png',
        'Content-ID: <logo@x>',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('PNGDATA').toString('base64'),
        '--r--',
        '',
      ].join('\r\n')
    )

    const mail = await parseEmail(raw)

    assert.include(mail.html!, 'src="cid:logo@x"')
    assert.lengthOf(mail.attachments, 1)
    assert.deepInclude(mail.attachments[0], {
      fileName: 'attachment-1.png',
      contentId: 'logo@x',
      inline: true,
    })
  })

  test('normalise message ids, references and dates', async ({ assert }) => {
    const mail = await parseEmail(
      rawMail({
        'From': 'a@example.org',
        'Message-ID': 'bare-id@example.org',
        'In-Reply-To': '<one@x> (comment) <two@x>',
        'References': '<one@x>\r\n <three@x> <three@x> junk',
        'Date': 'not a date',
      })
    )

    assert.equal(mail.messageId, '<bare-id@example.org>')
    assert.deepEqual(mail.inReplyTo, ['<one@x>', '<two@x>'])
    assert.deepEqual(mail.references, ['<one@x>', '<three@x>'])
    assert.isNull(mail.date)
    assert.deepEqual(messageIds('<1234   @   local(blah)  .machine .example>'), [
      '<1234@local.machine.example>',
    ])
    assert.deepEqual(messageIds('<@>'), [])
    assert.deepEqual(messageIds(''), [])
  })

  test('restore Big5 text that a relay turned into Latin-1 mojibake', async ({ assert }) => {
    if (!corpusAvailable()) return
    const mail = await parse('error_emails/content_transfer_encoding_empty.eml')

    assert.include(mail.subject!, '大家說英語')
    assert.include(mail.html!, '軟體帝國更新迅速')
    assert.notInclude(mail.html!, '\uFFFD')
  })

  test('parse every corpus file without an error', async ({ assert }) => {
    if (!corpusAvailable()) return
    const { emlFiles, MAIL_GEM } = await import('../helpers/corpus.js')
    const files = emlFiles(MAIL_GEM)
    assert.lengthOf(files, 103)
    for (const file of files) {
      const { readFileSync } = await import('node:fs')
      const mail = await parseEmail(readFileSync(file))
      assert.isAbove(mail.headerCount, 0, file)
    }
  })
})
