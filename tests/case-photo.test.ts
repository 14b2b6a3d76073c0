/**
 * A photo of the person: uploaded in the dashboard, resized and stripped by
 * sharp, kept in PostgreSQL, shown with its description on the public case
 * and petition pages, and served with long cache headers.
 */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer
let cookie: string
let fixture: Awaited<ReturnType<typeof makePetition>>

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  server = await startTestServer({ worker: false })
  fixture = await makePetition({ organizationName: 'Photo Org' })
  const { user } = await makeOrganizer({ organizationName: 'Photo Org' })
  cookie = await signInCookie(server.url, { email: user.email })
})
afterAll(() => server?.close())

function upload(caseId: string, fields: Record<string, string>, file?: Blob, as = cookie) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  if (file) form.append('photo', file, 'photo')
  return fetch(`${server.url}/dashboard/cases/${caseId}/photo`, {
    method: 'POST',
    body: form,
    headers: { cookie: as },
    redirect: 'manual',
  })
}

describe('the photo of the person', () => {
  it('is resized, stripped of its metadata, shown with its description and cached', async () => {
    // A large phone photo, with where it was taken in its metadata.
    const original = await sharp({
      create: { width: 3000, height: 2000, channels: 3, background: '#884422' },
    })
      .withMetadata({ exif: { IFD0: { Copyright: 'someone' } } })
      .jpeg()
      .toBuffer()
    const alt = 'Marcus smiling, in a grey sweater'
    const res = await upload(
      fixture.case.id,
      { intent: 'upload', alt },
      new Blob([new Uint8Array(original)], { type: 'image/jpeg' }),
    )
    expect(res.status).toBe(303)

    for (const page of [`/cases/${fixture.case.slug}`, `/petitions/${fixture.petition.slug}`]) {
      const html = await (await fetch(server.url + page)).text()
      const img =
        /<img class="person-photo" src="([^"]+)" alt="([^"]+)" width="(\d+)" height="(\d+)"/.exec(
          html,
        )
      expect(img, page).not.toBeNull()
      expect(img![2]).toBe(alt)
      expect([Number(img![3]), Number(img![4])]).toEqual([800, 533])
      const photo = await fetch(server.url + img![1]!.replaceAll('&amp;', '&'))
      expect(photo.status).toBe(200)
      expect(photo.headers.get('content-type')).toBe('image/jpeg')
      expect(photo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      const meta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata()
      expect([meta.width, meta.height]).toEqual([800, 533])
      expect(meta.exif).toBeUndefined()
    }
    // An old or missing version is sent on to the current one.
    const stale = await fetch(`${server.url}/cases/${fixture.case.slug}/photo.jpg`, {
      redirect: 'manual',
    })
    expect(stale.status).toBe(302)
  })

  it('refuses what is not a photo, or a photo without a description, beside the field', async () => {
    const notImage = await upload(
      fixture.case.id,
      { intent: 'upload', alt: 'A photo' },
      new Blob(['%PDF-1.4 not a photo'], { type: 'image/jpeg' }),
    )
    expect(notImage.status).toBe(400)
    expect(await notImage.text()).toContain('That file is not a photo Vigil can read')

    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer()
    const noAlt = await upload(
      fixture.case.id,
      { intent: 'upload', alt: '  ' },
      new Blob([new Uint8Array(png)], { type: 'image/png' }),
    )
    expect(noAlt.status).toBe(400)
    expect(await noAlt.text()).toContain('Describe the photo for people who cannot see it.')
  })

  it("never touches another organization's case", async () => {
    const other = await makePetition({ organizationName: 'Other Photo Org' })
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer()
    const res = await upload(
      other.case.id,
      { intent: 'upload', alt: 'x' },
      new Blob([new Uint8Array(png)], { type: 'image/png' }),
    )
    expect(res.status).toBe(404)
    expect((await fetch(`${server.url}/cases/${other.case.slug}/photo.jpg`)).status).toBe(404)
  })
})
