/**
 * The delivery packet, read back as an official would read it: the PDF's
 * text extracted with pdf-parse. Names as first name and last initial,
 * towns, comments, both counts, grouped by state with an index; never an
 * email; one state only with `?region=`; the same from the dashboard.
 */
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { repairCount } from '../app/models/count.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization()
  await db()`update petitions set body = ${'# Spare her\n\nPlease **spare** Ana.\n\n- She was 19\n- The jury never heard it'} where id = ${org.petition.id}`
  const ctx = { petitionId: org.petition.id, organizationId: org.organization.id }
  await seedSignatures(ctx, [
    {
      name: 'María José Núñez',
      email: 'maria.nunez@example.org',
      postalCode: '78701',
      locality: 'Austin',
      comment: 'Mercy for Ana. Write me at maria.nunez@example.org',
    },
    { name: 'Zoë Ålander', email: 'zoe@example.org', postalCode: '77002', locality: 'Houston' },
    {
      name: 'Дмитрий Иванов',
      email: 'dmitri@example.org',
      postalCode: '10001',
      locality: 'New York',
      comment: 'Свобода.',
    },
    { name: 'Cher', email: 'cher@example.org', postalCode: '90210', locality: 'Beverly Hills' },
    {
      name: 'Jean Tremblay',
      email: 'jean@example.org',
      postalCode: 'H2X 1Y4',
      country: 'CA',
      locality: 'Montréal',
    },
    { name: 'Pending Person', email: 'pending@example.org', status: 'pending' },
    { name: 'Held Person', email: 'held@example.org', status: 'held' },
  ])
  await repairCount({ petitionId: org.petition.id })
})

afterAll(async () => {
  await server?.close()
})

async function pdfText(res: Response): Promise<string> {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/pdf')
  const data = new Uint8Array(await res.arrayBuffer())
  expect(Buffer.from(data.subarray(0, 5)).toString()).toBe('%PDF-')
  const parser = new PDFParse({ data })
  try {
    return (await parser.getText()).text
  } finally {
    await parser.destroy()
  }
}

const packet = (query = '', token = org.token) =>
  fetch(`${server.url}/api/v1/petitions/${org.petition.id}/packet.pdf${query}`, {
    headers: { authorization: `Bearer ${token}` },
  })

describe('the delivery packet', () => {
  it('prints the cover, the petition and every counted signer by state, never an email', async () => {
    const text = await pdfText(await packet())
    // The cover: title, person, case number, jurisdiction, both counts, the date.
    expect(text).toContain(org.petition.title)
    expect(text).toContain(`On behalf of ${org.case.personName}`)
    expect(text).toContain(`Case number: ${org.case.caseNumber}`)
    expect(text).toContain('Jurisdiction: Texas')
    expect(text).toMatch(/Execution date: \w+day, /)
    expect(text).toContain('Signatures: 5 confirmed')
    expect(text).toContain('Within Texas: 2 confirmed')
    expect(text).toMatch(/Packet printed: \w+ \d{1,2}, \d{4}/)
    // The petition as plain paragraphs, and who it is addressed to.
    expect(text).toContain('Spare her')
    expect(text).toContain('Please spare Ana.')
    expect(text).toContain('The jury never heard it')
    expect(text).toContain(org.governor.name)
    // Signers: first name and last initial, town, comment; Spanish and Cyrillic intact.
    expect(text).toContain('María N.')
    expect(text).toContain('Austin')
    expect(text).toContain('Mercy for Ana.')
    expect(text).toContain('Zoë Å.')
    expect(text).toContain('Дмитрий И.')
    expect(text).toContain('Свобода.')
    expect(text).toContain('Cher')
    expect(text).toContain('Jean T.')
    expect(text).not.toContain('Núñez')
    expect(text).not.toContain('Pending P')
    expect(text).not.toContain('Held P')
    expect(text).not.toMatch(/@/)
    expect(text).toContain('[email removed]')
    // Grouped: the case's own state first, then the others by name, then countries.
    const order = ['Texas', 'California', 'New York', 'Canada'].map((s) => text.indexOf(`\n${s}\n`))
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    // Page numbers without a total, and the index of states with counts and pages.
    expect(text).toMatch(/Page 1\b/)
    expect(text).not.toMatch(/Page \d+ of/)
    expect(text).toContain('Index of states and regions')
    expect(text).toMatch(/Texas\s+2 signers · page \d+/)
    expect(text).toMatch(/Canada\s+1 signer · page \d+/)
  })

  it('has a bookmark for each state', async () => {
    const res = await packet()
    const raw = Buffer.from(await res.arrayBuffer()).toString('latin1')
    expect(raw).toContain('/Outlines')
    for (const state of [
      'Texas',
      'California',
      'New York',
      'Canada',
      'Index of states and regions',
    ])
      expect(raw).toContain(`/Title (${state})`)
    const parser = new PDFParse({ data: new Uint8Array(Buffer.from(raw, 'latin1')) })
    try {
      const info = await parser.getInfo()
      expect(info.info?.Title).toBe(org.petition.title)
    } finally {
      await parser.destroy()
    }
  })

  it('makes a packet of one state with ?region=', async () => {
    const text = await pdfText(await packet('?region=US-TX'))
    expect(text).toContain('In this packet: signers from Texas: 2')
    expect(text).toContain('María N.')
    expect(text).toContain('Zoë Å.')
    expect(text).not.toContain('Дмитрий')
    expect(text).not.toContain('Jean T.')
    expect(text).not.toContain('\nCalifornia\n')
    const canada = await pdfText(await packet('?region=ca'))
    expect(canada).toContain('Jean T.')
    expect(canada).not.toContain('María')
  })

  it('refuses a region that is not one, and another organization’s petition', async () => {
    for (const region of ['Texas', 'US-ZZ', 'CA-QC', 'ZZ']) {
      const res = await callApi(
        server.url,
        'GET',
        `/api/v1/petitions/${org.petition.id}/packet.pdf?region=${region}`,
        { token: org.token },
      )
      expect(res.status, region).toBe(422)
      expect(res.body.error.fields.region[0]).toBeTruthy()
    }
    const other = await makeApiOrganization()
    expect((await packet('', other.token)).status).toBe(404)
    expect((await packet('', 'not-a-token')).status).toBe(401)
  })

  it('prints from the dashboard, letters included when asked', async () => {
    await db()`update signatures set letter = 'Dear Governor, I write from Austin.'
      where petition_id = ${org.petition.id} and name = 'María José Núñez'`
    const cookie = await signInCookie(server.url, {
      email: org.user.email,
      password: 'correct horse battery staple',
    })
    const page = await fetch(`${server.url}/dashboard/petitions/${org.petition.id}`, {
      headers: { cookie },
    })
    const html = await page.text()
    expect(html).toContain('Print the delivery packet')
    const url = `${server.url}/dashboard/petitions/${org.petition.id}/packet.pdf`
    const plain = await pdfText(await fetch(url, { headers: { cookie } }))
    expect(plain).not.toContain('Dear Governor')
    const withLetters = await pdfText(await fetch(`${url}?letters=on`, { headers: { cookie } }))
    expect(withLetters).toContain('Dear Governor, I write from Austin.')
    expect(
      (await fetch(`${url}?region=Texas`, { headers: { cookie }, redirect: 'manual' })).status,
    ).toBe(400)
  })
})
