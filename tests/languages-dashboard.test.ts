/**
 * The dashboard takes an organizer's Spanish text (decision 040): the
 * petition form's Spanish title and text show on the Spanish page and not
 * on the English one, and a campaign's Spanish version that does not render
 * comes back beside its own field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer
let cookie: string
let fixture: Awaited<ReturnType<typeof makePetition>>

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  const { user, organization } = await makeOrganizer({ organizationName: 'Dashboard Idiomas' })
  fixture = await makePetition({ organizationName: organization.name })
  cookie = await signInCookie(server.url, { email: user.email })
})

afterAll(async () => {
  await server?.close()
})

const post = (path: string, fields: Record<string, string>) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })

const read = async (path: string, headers: Record<string, string> = {}) =>
  (await fetch(`${server.url}${path}`, { headers })).text()

describe('Spanish text from the dashboard', () => {
  it('saves a petition’s Spanish title and text, shown to Spanish readers only', async () => {
    const { petition } = fixture
    const saved = await post(`/dashboard/petitions/${petition.id}/edit`, {
      title: petition.title,
      body: 'Please spare this person.',
      goal: '500',
      titleEs: 'Perdonen la vida a esta persona',
      bodyEs: 'Pedimos **clemencia**.',
      letterDefaultEs: '',
    })
    expect(saved.status).toBe(303)
    const form = await read(`/dashboard/petitions/${petition.id}/edit`, { cookie })
    expect(form).toContain('Perdonen la vida a esta persona')
    const spanish = await read(`/petitions/${petition.slug}`, { 'accept-language': 'es' })
    expect(spanish).toContain('<html lang="es">')
    expect(spanish).toMatch(/<h1>Perdonen la vida a esta persona<\/h1>/)
    expect(spanish).toContain('Pedimos <strong>clemencia</strong>.')
    const english = await read(`/petitions/${petition.slug}`, { 'accept-language': 'en' })
    expect(english).toContain(`<h1>${petition.title}</h1>`)
    expect(english).not.toContain('Perdonen')
  })

  it('refuses a Spanish campaign version that does not render, beside its field', async () => {
    const refused = await post('/dashboard/messages/new', {
      subject: 'News',
      body: 'Dear {{ supporter.first_name }}, thank you.',
      subjectEs: 'Noticias',
      bodyEs: 'Hola {{ supporter.nombre }}',
      petitionIds: fixture.petition.id,
    })
    expect(refused.status).toBe(400)
    const page = await refused.text()
    expect(page).toMatch(/id="f-bodyEs-error"[^>]*>[^<]*supporter\.nombre/)
    expect(page).not.toContain('id="f-body-error"')
  })
})
