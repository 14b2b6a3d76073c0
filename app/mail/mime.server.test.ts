import MailComposer from 'nodemailer/lib/mail-composer'
import type { SendMailOptions } from 'nodemailer'
import { describe, expect, it } from 'vitest'
import { composeMail, composesItself } from './mime.server'

const base: SendMailOptions = {
  from: { name: 'Texas Advocacy Project', address: 'no-reply@vigil.example' },
  to: 'ann@example.org',
  subject: '3 days left for Sample Person',
  text: 'Dear Ann,\n\nThank you.',
  html: '<p>Dear Ann,</p><p>Thank you.</p>',
  headers: {
    'List-Unsubscribe': '<https://vigil.example/unsubscribe/abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  messageId: '<0a1b2c3d@vigil.example>',
  baseBoundary: '0a1b2c3d4e5f',
  date: new Date('2026-11-24T12:00:00Z'),
}

const longLine = `${'word '.repeat(60)}end`
const variants: SendMailOptions[] = [
  base,
  { ...base, replyTo: 'organizer@advocacy.example' },
  { ...base, from: { name: 'Zoë & Co “Advocacy”', address: 'no-reply@vigil.example' } },
  { ...base, to: 'Maria José <maria@example.org>', subject: 'Ünïcödé — 48 hours left ✊' },
  { ...base, text: `${longLine}\n\nZoë Ångström\n. a dot line\n`, html: `<p>${longLine}</p>` },
  { ...base, html: '<p>=3D, tabs\tand trailing spaces   </p>\r\n<p>\u00a0</p>', headers: {} },
  { ...base, subject: `${'A long subject '.repeat(12)}end` },
  // 7bit: plain ASCII, short lines.
  { ...base, text: 'Short.\nLines.', html: '<p>Short.</p>' },
  // Quoted-printable edge cases: trailing whitespace at the end, a lone "=", CRLF, no newline.
  { ...base, text: 'ends with spaces   ', html: `a=b\r\nc\r\n${'x'.repeat(200)}` },
  { ...base, text: `${'é'.repeat(100)}\n\t\n`, html: `<p>${'ü '.repeat(80)}</p>\n` },
  // Long lines of plain text without a letter: base64, as MimeNode decides.
  { ...base, text: `${'12345 67890 '.repeat(10)}\n`, html: '<p>1</p>' },
  // Base64 (mostly outside Latin script): the node streams it itself.
  { ...base, text: 'Привет, '.repeat(30), html: `<p>${'你好世界'.repeat(40)}</p>` },
  { ...base, text: '', html: '<p>Only HTML</p>' },
  // Names and addresses in other forms; lower-case custom keys; a Reply-To with a name.
  { ...base, to: { name: 'Zoë Ångström', address: 'zoe@example.org' } },
  { ...base, to: `${'a'.repeat(70)}@${'b'.repeat(40)}.example` },
  { ...base, to: 'ann@bücher.example' },
  { ...base, replyTo: { name: 'Organizer, “Lead”', address: 'lead@advocacy.example' } },
  { ...base, headers: { 'list-unsubscribe': '<https://vigil.example/u/x>', 'x-vigil-id': 'ä' } },
  { ...base, from: 'Plain Sender <sender@vigil.example>', subject: '' },
  // Values the encoder might touch: spaces around, an encoded word's opening, a tab.
  { ...base, subject: '  spaced   subject  ', headers: { 'X-Note': 'a =?utf-8?q?x?= b' } },
  { ...base, headers: { 'X-Note': 'tab\there', 'X-Empty': '' } },
  // A custom header that names one of the mail's own fields: left to MailComposer.
  { ...base, headers: { Subject: 'Another subject' } },
]

describe('composeMail', () => {
  it('builds a text-and-HTML mail byte for byte as nodemailer’s MailComposer does', async () => {
    for (const mail of variants) {
      const ours = await composeMail(mail)
      const theirs = await new MailComposer(mail).compile().build()
      expect(ours.toString('utf8'), JSON.stringify(mail.text)).toBe(theirs.toString('utf8'))
      // A second time, from what the first one kept, the same again.
      expect((await composeMail(mail)).toString('utf8')).toBe(theirs.toString('utf8'))
    }
  })

  it('writes the usual campaign and notice mail itself, without a MimeNode per mail', () => {
    const direct = variants.filter(composesItself)
    expect(direct).toContain(base)
    // Everything but the HTML-only mail and the custom Subject header.
    expect(direct.length).toBe(variants.length - 2)
    // (Base64 text, decided by its content, is then left to MailComposer too.)
  })

  it('leaves any other mail to MailComposer', async () => {
    const mail = { ...base, attachments: [{ filename: 'signers.csv', content: 'a,b\n' }] }
    const built = (await composeMail(mail)).toString('utf8')
    expect(built).toContain('multipart/mixed')
    expect(built).toContain('filename=signers.csv')
  })
})
