/**
 * Deliverability (issue 4 item 7): with DKIM_* set, a real Vigil mail — a
 * signature confirmation, sent by the real server and worker to a real SMTP
 * server — carries a DKIM signature that a real verifier (mailauth, given
 * the public key through its resolver, as these machines have no DNS for
 * test domains) accepts, and that fails once the message is altered. From
 * is MAIL_FROM's address under the organization's name, so DKIM and DMARC
 * align, and every message has a text part.
 */
import { generateKeyPairSync } from 'node:crypto'
import { authenticate } from 'mailauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetEnvCache } from '../app/utils/env.server'
import { closeTransport } from '../app/mail/transport.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

const DOMAIN = 'vigil-mail.example'
const SELECTOR = 'v1'
const DKIM_KEYS = ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY', 'MAIL_FROM'] as const
const saved = Object.fromEntries(DKIM_KEYS.map((k) => [k, process.env[k]]))

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const publicKeyBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

/**
 * DNS as the domain would publish it: the DKIM key and a DMARC policy. No SPF
 * record, so DMARC can only pass through an aligned DKIM signature.
 */
async function resolver(name: string, rrtype: string): Promise<string[][]> {
  const records: Record<string, string[][]> = {
    [`TXT ${SELECTOR}._domainkey.${DOMAIN}`]: [[`v=DKIM1; k=rsa; p=${publicKeyBase64}`]],
    [`TXT _dmarc.${DOMAIN}`]: [['v=DMARC1; p=reject']],
  }
  const found = records[`${rrtype} ${name.toLowerCase()}`]
  if (found) return found
  throw Object.assign(new Error(`No ${rrtype} record for ${name}`), { code: 'ENOTFOUND' })
}

function verify(raw: Buffer | string) {
  return authenticate(raw, {
    ip: '127.0.0.1',
    helo: 'vigil.test',
    sender: `no-reply@${DOMAIN}`,
    mta: 'mx.test',
    resolver,
    disableArc: true,
    disableBimi: true,
  })
}

let smtp: SmtpSink
let server: TestServer

beforeAll(async () => {
  process.env.DKIM_DOMAIN = DOMAIN
  process.env.DKIM_SELECTOR = SELECTOR
  process.env.DKIM_PRIVATE_KEY = privateKeyPem
  process.env.MAIL_FROM = `Vigil <no-reply@${DOMAIN}>`
  resetEnvCache()
  closeTransport()
  smtp = await startSmtpSink()
  // Rebuilds the settings and the transport with the DKIM key.
  server = await startTestServer({ smtpUrl: smtp.url })
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
  closeTransport()
  for (const key of DKIM_KEYS) {
    if (saved[key] === undefined) delete process.env[key]
    else process.env[key] = saved[key]
  }
  resetEnvCache()
})

describe('DKIM and sender alignment', () => {
  it('signs a real confirmation mail so that a verifier passes it, and fails it when altered; From aligned, a text part', async () => {
    const { petition, organization } = await makePetition({
      organizationName: 'Texas Clemency Project',
    })
    const email = `dkim.signer.${Date.now()}@example.org`
    const res = await postForm(`${server.url}/petitions/${petition.slug}`, {
      ...validSignature({ email, name: 'Dana Keel' }),
    })
    expect(res.status).toBe(303)

    const mail = await smtp.waitForMail((m) => recipient(m).includes(email))
    const raw = smtp.rawOf(mail)
    expect(raw).toBeDefined()
    expect(mail.headers.has('dkim-signature')).toBe(true)

    const result = await verify(raw!)
    expect(result.dkim.results).toHaveLength(1)
    expect(result.dkim.results[0]).toMatchObject({
      signingDomain: DOMAIN,
      selector: SELECTOR,
      status: { result: 'pass' },
    })
    // Aligned: the From domain is the signing domain, so DMARC passes too.
    expect(result.dmarc && result.dmarc.status.result).toBe('pass')

    // One changed word in the body, or a changed subject, and the signature no longer
    // holds (mailauth says 'neutral' for a body hash mismatch, 'fail' for a bad
    // signature), so DMARC fails as well.
    const text = raw!.toString('utf8')
    expect(text).toContain('Dana Keel')
    for (const tampered of [
      text.replace(/Dana Keel/g, 'Dana Keal'),
      text.replace(/^Subject: /m, 'Subject: URGENT '),
    ]) {
      expect(tampered).not.toBe(text)
      const check = await verify(tampered)
      expect(['fail', 'neutral']).toContain(check.dkim.results[0]?.status.result)
      expect(check.dmarc && check.dmarc.status.result).toBe('fail')
    }

    // From: MAIL_FROM's address under the organization's name.
    expect(mail.from?.value).toEqual([{ name: organization.name, address: `no-reply@${DOMAIN}` }])

    // Every message has a text part (and an HTML twin).
    expect(smtp.messages.length).toBeGreaterThan(0)
    for (const sent of smtp.messages) {
      expect(sent.text?.trim()).toBeTruthy()
      expect(sent.html).toBeTruthy()
      expect(smtp.rawOf(sent)!.toString('utf8')).toMatch(/Content-Type: text\/plain/i)
    }
  })
})
