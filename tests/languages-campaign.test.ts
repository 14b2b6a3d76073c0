/**
 * Spanish and English signers end to end (issue 16): each signs through the
 * real form in their language, gets the confirmation in it, and a campaign
 * with a Spanish version reaches the Spanish signer in Spanish and the
 * English signer in English; without a Spanish version the Spanish signer
 * gets the English text inside a Spanish frame, marked lang="en".
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, makeApiOrganization } from './helpers/api'
import { validSignature } from './helpers/fixtures'
import { postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

let server: TestServer
let smtp: SmtpSink
let org: Awaited<ReturnType<typeof makeApiOrganization>>
const spanish = validSignature({ name: 'Lucía Hernández', email: 'lucia.h@example.org' })
const english = validSignature({ name: 'Helen Prejean', email: 'helen.p@example.org' })

const to = (address: string) => (mail: ParsedMail) => recipient(mail) === address

async function signAndConfirm(lang: string, fields: Record<string, string>) {
  const slug = org.petition.slug
  const signed = await postForm(`${server.url}/petitions/${slug}?lang=${lang}`, {
    ...fields,
    subscribe: 'on',
  })
  expect(signed.status).toBe(303)
  const mail = await smtp.waitForMail(to(fields.email!))
  const link = /\/confirm\/[A-Za-z0-9_-]+(\?lang=es)?/.exec(mail.text ?? '')![0]
  const confirmed = await postForm(`${server.url}${link}`, { intent: 'confirm' })
  expect(confirmed.status).toBeLessThan(400)
  return mail
}

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  org = await makeApiOrganization('Proyecto de Clemencia')
  const patched = await callApi(server.url, 'PATCH', `/api/v1/petitions/${org.petition.id}`, {
    token: org.token,
    body: { title_es: 'Clemencia para la persona de prueba' },
  })
  expect(patched.status).toBe(200)
  expect(patched.body.title_es).toBe('Clemencia para la persona de prueba')
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

describe('each signer in the language they signed in', () => {
  let spanishConfirmation: ParsedMail
  let englishConfirmation: ParsedMail

  beforeAll(async () => {
    spanishConfirmation = await signAndConfirm('es', spanish)
    englishConfirmation = await signAndConfirm('en', english)
  })

  it('sends the confirmation in the language of the page they signed on', () => {
    expect(spanishConfirmation.subject).toBe(
      'Confirme su firma: Clemencia para la persona de prueba',
    )
    expect(spanishConfirmation.html).toContain('<html lang="es">')
    expect(spanishConfirmation.text).toContain('Hola, Lucía Hernández:')
    // The link opens the confirmation page in Spanish, whatever the browser says.
    expect(spanishConfirmation.text).toMatch(/\/confirm\/[A-Za-z0-9_-]+\?lang=es/)
    expect(englishConfirmation.subject).toBe(`Please confirm your signature: ${org.petition.title}`)
    expect(englishConfirmation.html).toContain('<html lang="en">')
    expect(englishConfirmation.text).toContain('Dear Helen Prejean,')
  })

  it('sends a campaign with a Spanish version in Spanish to one and English to the other', async () => {
    const created = await callApi(server.url, 'POST', '/api/v1/messages', {
      token: org.token,
      body: {
        subject: 'Hearing Thursday for {{ case.person_name }}',
        body: 'Dear {{ supporter.first_name }}, please call the governor today.',
        subject_es: 'Audiencia de clemencia el jueves por {{ case.person_name }}',
        body_es: 'Hola, {{ supporter.first_name }}: llame hoy a la oficina del gobernador.',
        targets: [{ petition_id: org.petition.id }],
      },
    })
    expect(created.status).toBe(201)
    expect(created.body.subject_es).toContain('Audiencia de clemencia')
    const sent = await callApi(server.url, 'POST', `/api/v1/messages/${created.body.id}/send`, {
      token: org.token,
      body: {},
    })
    expect(sent.status).toBeLessThan(300)
    const person = org.case.personName
    const toLucia = await smtp.waitForMail(
      (m) => to(spanish.email!)(m) && !!m.subject?.includes('Audiencia'),
    )
    const toHelen = await smtp.waitForMail(
      (m) => to(english.email!)(m) && !!m.subject?.includes('Hearing'),
    )
    expect(toLucia.subject).toBe(`Audiencia de clemencia el jueves por ${person}`)
    expect(toLucia.text).toContain('Hola, Lucía: llame hoy a la oficina del gobernador.')
    expect(toLucia.text).toContain('Recibe este mensaje porque firmó «Clemencia para la persona')
    expect(toLucia.html).toContain('<html lang="es">')
    expect(toHelen.subject).toBe(`Hearing Thursday for ${person}`)
    expect(toHelen.text).toContain('Dear Helen, please call the governor today.')
    expect(toHelen.text).toContain(
      `You are receiving this because you signed "${org.petition.title}"`,
    )
    expect(toHelen.text).not.toMatch(/Hola|Recibe/)
  })

  it('gives a Spanish signer the English text, marked as English, when there is no Spanish version', async () => {
    const created = await callApi(server.url, 'POST', '/api/v1/messages', {
      token: org.token,
      body: {
        subject: 'Only in English: news',
        body: 'The board meets on Monday.',
        targets: [{ petition_id: org.petition.id }],
      },
    })
    expect(created.status).toBe(201)
    await callApi(server.url, 'POST', `/api/v1/messages/${created.body.id}/send`, {
      token: org.token,
      body: {},
    })
    const toLucia = await smtp.waitForMail(
      (m) => to(spanish.email!)(m) && m.subject === 'Only in English: news',
    )
    expect(toLucia.html).toContain('<html lang="es">')
    expect(toLucia.html).toMatch(/<div lang="en">\s*<p>The board meets on Monday.<\/p>/)
    expect(toLucia.text).toContain('Darse de baja')
  })

  it('refuses a Spanish version whose merge fields do not render, naming its field', async () => {
    const created = await callApi(server.url, 'POST', '/api/v1/messages', {
      token: org.token,
      body: {
        subject: 'Fine',
        body: 'Fine too.',
        body_es: 'Hola {{ supporter.nombre_inventado }}',
        targets: [{ petition_id: org.petition.id }],
      },
    })
    expect(created.status).toBe(422)
    expect(Object.keys(created.body.error.fields)).toEqual(['body_es'])
  })

  it('sends the signer update of a new outcome in each signer’s language', async () => {
    const set = await callApi(server.url, 'PATCH', `/api/v1/petitions/${org.petition.id}`, {
      token: org.token,
      body: { signer_updates: 'send' },
    })
    expect(set.status).toBe(200)
    const stayed = await callApi(server.url, 'PATCH', `/api/v1/cases/${org.case.id}`, {
      token: org.token,
      body: { status: 'stayed' },
    })
    expect(stayed.status).toBe(200)
    const person = org.case.personName
    const toLucia = await smtp.waitForMail(
      (m) => to(spanish.email!)(m) && m.subject === `Suspendida la ejecución de ${person}`,
    )
    const toHelen = await smtp.waitForMail(
      (m) => to(english.email!)(m) && m.subject === `A stay for ${person}`,
    )
    expect(toLucia.text).toContain('Un tribunal ha suspendido la ejecución')
    expect(toHelen.text).toContain('A court has stayed the execution')
  })
})
