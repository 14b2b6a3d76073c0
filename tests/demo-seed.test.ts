/**
 * The demo data lets a new organizer run a call campaign and subscribe to
 * the dates without reading the code: officials with phones, office hours
 * and time zones, a call script, and cases whose dates are in the feeds.
 */
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../db/seed'
import { db } from '../app/utils/db.server'
import { countAudience } from '../app/models/audience.server'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  expect(await seedDemo(db())).not.toBeNull()
})

afterAll(async () => {
  await server.close()
})

describe('the demo data', () => {
  it('has a call page with numbers, open or closed offices and the organizer’s script', async () => {
    const [petition] = await db()<{ slug: string }[]>`
      select p.slug from petitions p join cases c on c.id = p.case_id
      where c.person_name = 'Marcus Ellery Dane'`
    const html = await (await fetch(`${server.url}/petitions/${petition!.slug}/call`)).text()
    expect(html).toContain('href="tel:5125550142"')
    expect(html).toMatch(/(Open now|Closed) · (closes|opens) [^<]*Central Time/)
    expect(html).toContain('recommend a 120-day reprieve')
    expect(html).toContain('The only witness against him has recanted, and the DNA evidence')
  })

  it('puts every demo case with a petition in the public calendar', async () => {
    const res = await fetch(`${server.url}/cases.ics`)
    const events = new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents('vevent')
    const titles = events.map((e) => String(e.getFirstPropertyValue('summary')))
    expect(titles).toEqual(
      expect.arrayContaining([
        'Execution date: Marcus Ellery Dane',
        'Clemency hearing: Rosalind Okafor',
        'Hearing: Tomás Reyes Villanueva (stayed)',
      ]),
    )
  })

  it('has subscribed signers, so a new organizer sees a campaign reach people', async () => {
    const rows = await db()<{ id: string; organizationId: string }[]>`
      select p.id, p.organization_id from petitions p join organizations o on o.id = p.organization_id
      where o.slug = 'vigil-demo'`
    expect(rows.length).toBeGreaterThan(0)
    for (const p of rows) {
      const reach = await countAudience({
        organizationId: p.organizationId,
        petitionIds: [p.id],
        audience: { countries: [], postalPrefixes: [] },
      })
      expect(reach).toBeGreaterThan(0)
    }
    // Its signatures came through shared links: the API shows the counts by source.
    const api = (await (await fetch(`${server.url}/api/v1/petitions/${rows[0]!.id}`)).json()) as {
      sources: { source: string }[]
    }
    expect(api.sources.map((s) => s.source)).toContain('share-whatsapp')
  })

  it('shows the organization’s contact, privacy notice and terms in the footer', async () => {
    const [petition] = await db()<{ slug: string }[]>`
      select p.slug from petitions p join organizations o on o.id = p.organization_id
      where o.slug = 'vigil-demo' limit 1`
    const html = await (await fetch(`${server.url}/petitions/${petition!.slug}`)).text()
    // React's markers between text pieces (<!-- -->) are not what a reader sees.
    const footer = (/<footer class="site-footer">[\s\S]*<\/footer>/.exec(html)?.[0] ?? '').replace(
      /<!-- -->/g,
      '',
    )
    expect(footer).toContain('Organized by Vigil Demo Project')
    expect(footer).toContain('href="mailto:contact@vigil-demo.example"')
    expect(footer).toContain('href="/privacy"')
    expect(footer).toContain('href="/terms"')
    expect((await fetch(`${server.url}/privacy`)).status).toBe(200)
    expect(await (await fetch(`${server.url}/terms`)).text()).toContain(
      '<title>Terms of use · Vigil</title>',
    )
  })
})
