/**
 * A new organizer on the demo data prints a delivery packet: the petition
 * page offers it, the button's form (no JavaScript) downloads the PDF, and
 * the PDF names the demo signers by state, the case's own first.
 */
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { seedDemo } from '../db/seed'
import { db } from '../app/utils/db.server'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

it('prints the packet of a demo petition', async () => {
  expect(await seedDemo(db())).not.toBeNull()
  const { user } = await makeOrganizer({
    organizationName: 'Vigil Demo Project',
    role: 'organizer',
  })
  const cookie = await signInCookie(server.url, { email: user.email })
  const [petition] = await db()<{ id: string }[]>`
    select p.id from petitions p join cases c on c.id = p.case_id
    where c.jurisdiction = 'Texas' limit 1`
  const page = await (
    await fetch(`${server.url}/dashboard/petitions/${petition!.id}`, { headers: { cookie } })
  ).text()
  // The button's form: a GET to the packet, with a choice of state.
  const action = /<form method="get" action="([^"]+)"/.exec(page)?.[1]
  expect(action).toBe(`/dashboard/petitions/${petition!.id}/packet.pdf`)
  expect(page).toContain('<option value="US-TX">Texas (the case’s jurisdiction)</option>')

  const res = await fetch(`${server.url}${action}?region=`, { headers: { cookie } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+-packet-.+\.pdf"/)
  const parser = new PDFParse({ data: new Uint8Array(await res.arrayBuffer()) })
  const { text } = await parser.getText()
  await parser.destroy()
  expect(text).toContain('Within Texas: 4 confirmed')
  expect(text).toContain('Ana O.')
  expect(text).toContain('José N.')
  expect(text).toContain('Mi familia vive en Austin. Pedimos clemencia.')
  expect(text).toContain('Olena K.')
  expect(text.indexOf('\nTexas\n')).toBeLessThan(text.indexOf('\nIllinois\n'))
  expect(text.indexOf('\nWashington\n')).toBeLessThan(text.indexOf('\nCanada\n'))
  expect(text).not.toMatch(/@/)
})
