/**
 * "Who may see a petition" is one rule (isPublished, publishedPetition in
 * models/rules.server.ts): a draft is invisible on every public page and
 * in the public API, and a post to it is answered that it is not
 * published yet. The thanks page once showed a draft's title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePetition, validSignature } from './helpers/fixtures'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

describe('a draft petition', () => {
  it('is on no public page and in no public answer', async () => {
    const { petition, case: kase } = await makePetition({ status: 'draft' })
    for (const path of [`/petitions/${petition.slug}`, `/petitions/${petition.slug}/thanks`]) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status, path).toBe(404)
      expect(await res.text(), path).not.toContain(petition.title)
    }
    const api = await fetch(`${server.url}/api/v1/petitions/${petition.id}`)
    expect(api.status).toBe(404)
    const list = await (await fetch(`${server.url}/api/v1/petitions?per_page=100`)).text()
    expect(list).not.toContain(petition.id)
    const casePage = await (await fetch(`${server.url}/cases/${kase.slug}`)).text()
    expect(casePage).not.toContain(petition.title)
  })

  it('answers a signature posted to it with 409, and stores nothing', async () => {
    const { petition } = await makePetition({ status: 'draft' })
    const res = await postForm(`${server.url}/petitions/${petition.slug}`, validSignature())
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('not published yet')
  })

  it('shows once published, thanks page included', async () => {
    const { petition } = await makePetition({ status: 'open' })
    const thanks = await fetch(`${server.url}/petitions/${petition.slug}/thanks`)
    expect(thanks.status).toBe(200)
    expect(await thanks.text()).toContain(petition.title)
  })
})
