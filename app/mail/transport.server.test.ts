import MimeNode from 'nodemailer/lib/mime-node'
import { describe, expect, it } from 'vitest'
import { envelopeOf } from './transport.server'

describe('envelopeOf', () => {
  it('reads MAIL FROM and RCPT TO as nodemailer would, whatever form the address takes', () => {
    const from = { name: 'Texas Advocacy Project', address: 'no-reply@vigil.example' }
    const addresses = [
      'ann@example.org',
      'Ann.Lee+petition@mail.example.org',
      'ann@Example.ORG',
      'ann@bücher.example',
      'zoë@example.org',
      '.ann@example.org',
      'ann..lee@example.org',
      'ann@ex--ample.org',
      'ann@xn--bcher-kva.example',
      'ann@a-.example',
      'Ann Lee <ann@example.org>',
      '"Lee, Ann" <ann@example.org>',
      'ann@[127.0.0.1]',
      'ann',
    ]
    for (const to of addresses) {
      const theirs = new MimeNode().setHeader('from', from).setHeader('to', to).getEnvelope()
      expect(envelopeOf({ from, to }), to).toEqual(theirs)
    }
    expect(envelopeOf({ from: 'Plain <plain@vigil.example>', to: 'a@b.example' })).toEqual({
      from: 'plain@vigil.example',
      to: ['a@b.example'],
    })
  })
})
