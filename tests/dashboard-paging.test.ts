/**
 * Every paginated dashboard list answers whatever is typed as its page
 * (a fraction, a word, a huge or negative number) with the page it means,
 * never a 500 (a fractional page once became a fractional SQL offset).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

it('answers 200 for any page value on every list', async () => {
  const p = await makePetition({ organizationName: 'Paging Org' })
  const organizer = await makeOrganizer({ organizationName: 'Paging Org' })
  const cookie = await signInCookie(server.url, { email: organizer.user.email })
  const lists = [
    '/dashboard/cases',
    '/dashboard/officials',
    '/dashboard/petitions',
    '/dashboard/messages',
    '/dashboard/outreaches',
    '/dashboard/suppressions',
    `/dashboard/petitions/${p.petition.id}/letters`,
  ]
  for (const list of lists) {
    for (const page of ['1.5', 'abc', '-3', '1e400', '99999999999']) {
      const res = await fetch(`${server.url}${list}?page=${page}`, { headers: { cookie } })
      expect(`${list}?page=${page} ${res.status}`).toBe(`${list}?page=${page} 200`)
    }
  }
})
