/**
 * Reach over HTTP, as a link preview, another site and a printer meet it:
 * the share card and its tags, the embed (framable, without JavaScript, its
 * signatures under their source), oEmbed and the flyer.
 */
import { PDFParse } from 'pdf-parse'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sourceField } from '../app/domain/sources'
import { db } from '../app/utils/db.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { seedSignatures } from './helpers/signatures'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ worker: false })
})
afterAll(() => server?.close())

const metaContent = (html: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1]

async function storedSource(email: string) {
  const [row] = await db()<{ source: string | null }[]>`
    select source from signatures where email = ${email}`
  return row?.source
}

describe('the share card', () => {
  it('is named by Open Graph and Twitter tags and is a 1200×630 PNG, versioned by the count', async () => {
    const fixture = await makePetition()
    const { petition } = fixture
    const html = await (await fetch(`${server.url}/petitions/${petition.slug}`)).text()
    expect(html).toContain(sourceField(null))
    const image = metaContent(html, 'og:image')!
    expect(image).toMatch(
      new RegExp(`^${server.url}/petitions/${petition.slug}/share\\.png\\?v=0-5$`),
    )
    expect(metaContent(html, 'twitter:card')).toBe('summary_large_image')
    expect(metaContent(html, 'twitter:image')).toBe(image)
    expect(metaContent(html, 'og:title')).toBe(petition.title)
    expect(metaContent(html, 'og:image:alt')).toContain(petition.title)

    const res = await fetch(image.replaceAll('&amp;', '&'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toContain('max-age=86400')
    const png = Buffer.from(await res.arrayBuffer())
    // The PNG signature, then the IHDR chunk: width and height.
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630])
    // Its foot (the count and the time left) is drawn inside the card: dark ink there.
    const foot = await sharp(png)
      .extract({ left: 64, top: 450, width: 900, height: 130 })
      .greyscale()
      .raw()
      .toBuffer()
    expect(Math.min(...foot)).toBeLessThan(100)

    // The count moves past a bucket: a new URL; the old one sends a preview on to it.
    await seedSignatures(
      { petitionId: petition.id, organizationId: fixture.organization.id },
      Array.from({ length: 12 }, () => ({})),
    )
    const again = await (await fetch(`${server.url}/petitions/${petition.slug}`)).text()
    expect(metaContent(again, 'og:image')).toMatch(/share\.png\?v=10-5$/)
    const old = await fetch(image, { redirect: 'manual' })
    expect(old.status).toBe(302)
    expect(old.headers.get('location')).toBe(`/petitions/${petition.slug}/share.png?v=10-5`)
  })

  it('is drawn in Spanish for a Spanish reader, at a URL of its own that sets no cookie', async () => {
    const fixture = await makePetition()
    const { petition } = fixture
    const page = (language: string) =>
      fetch(`${server.url}/petitions/${petition.slug}`, {
        headers: { 'Accept-Language': language },
      }).then((r) => r.text())
    const image = metaContent(await page('es-US,es;q=0.9'), 'og:image')!
    expect(image).toMatch(/share\.png\?v=0-5-es$/)
    const english = metaContent(await page('en-US'), 'og:image')!
    expect(english).toMatch(/share\.png\?v=0-5$/)
    const [es, en] = await Promise.all([fetch(image), fetch(english)])
    expect(es.status).toBe(200)
    expect(es.headers.get('set-cookie')).toBeNull()
    const [esPng, enPng] = await Promise.all([es.arrayBuffer(), en.arrayBuffer()])
    // The same size and petition, other words ("Quedan 5 días", not "5 days left").
    expect(Buffer.from(esPng).readUInt32BE(16)).toBe(1200)
    expect(Buffer.from(esPng).equals(Buffer.from(enPng))).toBe(false)
    await seedSignatures(
      { petitionId: petition.id, organizationId: fixture.organization.id },
      Array.from({ length: 12 }, () => ({})),
    )
    const old = await fetch(image, { redirect: 'manual' })
    expect(old.headers.get('location')).toBe(`/petitions/${petition.slug}/share.png?v=10-5-es`)
  })

  it('gives the case page its tags and its open petition’s card', async () => {
    const { petition, case: kase } = await makePetition()
    const html = await (await fetch(`${server.url}/cases/${kase.slug}`)).text()
    expect(metaContent(html, 'og:title')).toContain(kase.personName)
    expect(metaContent(html, 'og:image')).toContain(`/petitions/${petition.slug}/share.png?v=`)
    expect(metaContent(html, 'twitter:card')).toBe('summary_large_image')
  })

  it('offers share links on the petition page, each carrying its own source', async () => {
    const { petition } = await makePetition()
    const html = await (await fetch(`${server.url}/petitions/${petition.slug}`)).text()
    for (const [key, host] of [
      ['whatsapp', 'https://wa.me/'],
      ['facebook', 'https://www.facebook.com/sharer/'],
      ['x', 'https://x.com/intent/post'],
      ['bluesky', 'https://bsky.app/intent/compose'],
      ['email', 'mailto:'],
    ]) {
      const href = new RegExp(`href="([^"]+)"[^>]*data-share="${key}"`).exec(html)?.[1]
      expect(href, key).toBeDefined()
      expect(href!.startsWith(host!)).toBe(true)
      expect(decodeURIComponent(href!.replaceAll('&amp;', '&'))).toContain(
        `/petitions/${petition.slug}?source=share-${key}`,
      )
    }
    expect(html).toContain(`value="${server.url}/petitions/${petition.slug}?source=share-link"`)
  })
})

describe('the embed', () => {
  it('may be framed by any site, and only it', async () => {
    const { petition } = await makePetition()
    const embed = await fetch(`${server.url}/embed/petitions/${petition.slug}`)
    expect(embed.status).toBe(200)
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *')
    expect(embed.headers.get('x-frame-options')).toBeNull()
    const html = await embed.text()
    // Plain HTML: no site header, no Remix bundle; the count and the form.
    expect(html).not.toMatch(/<script[^>]+src=/)
    expect(html).not.toContain('__remixContext')
    expect(html).not.toContain('site-header')
    expect(html).toContain('<input type="hidden" name="source" value="embed"/>')
    expect(html).toMatch(/<form[^>]*method="post"/)

    const page = await fetch(`${server.url}/petitions/${petition.slug}`)
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('signs without JavaScript under its source, and answers bad input with the form again', async () => {
    const { petition } = await makePetition()
    const url = `${server.url}/embed/petitions/${petition.slug}?source=parish-site`
    const html = await (await fetch(url)).text()
    expect(html).toContain('<input type="hidden" name="source" value="parish-site"/>')

    const bad = await postForm(url, {
      ...validSignature(),
      email: 'not an email',
      source: 'parish-site',
    })
    expect(bad.status).toBe(400)
    const badHtml = await bad.text()
    expect(badHtml).toContain('Please enter a valid email address')
    expect(badHtml).toContain('value="parish-site"')
    expect(bad.headers.get('content-security-policy')).toContain('frame-ancestors *')

    const email = `embed.${Date.now()}@example.org`
    const ok = await postForm(url, validSignature({ email, source: 'parish-site' }))
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe(`/embed/petitions/${petition.slug}?signed=1`)
    expect(await storedSource(email)).toBe('parish-site')
    const thanks = await (await fetch(`${server.url}${ok.headers.get('location')}`)).text()
    expect(thanks).toContain('Check your email')

    // Without a source of its own, an embed's signature records `embed`.
    const plain = `embed.plain.${Date.now()}@example.org`
    await postForm(
      `${server.url}/embed/petitions/${petition.slug}`,
      validSignature({ email: plain }),
    )
    expect(await storedSource(plain)).toBe('embed')
  })

  it('answers a closed petition with a page that says so', async () => {
    const { petition } = await makePetition({ status: 'closed' })
    const res = await postForm(`${server.url}/embed/petitions/${petition.slug}`, validSignature())
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('not open for signatures')
  })
})

describe('oEmbed', () => {
  it('answers a petition URL with a rich embed, and refuses what is not one', async () => {
    const { petition } = await makePetition()
    const target = `${server.url}/petitions/${petition.slug}`
    const res = await fetch(`${server.url}/oembed?url=${encodeURIComponent(target)}&format=json`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ version: '1.0', type: 'rich', title: petition.title })
    expect(body.html).toContain(`src="${server.url}/embed/petitions/${petition.slug}?source=embed"`)
    expect(body.html).toContain(`${server.url}/embed.js`)
    expect(body.width).toBeGreaterThan(0)

    const narrow = await fetch(
      `${server.url}/oembed?url=${encodeURIComponent(target)}&maxwidth=300`,
    ).then((r) => r.json() as Promise<{ width: number }>)
    expect(narrow.width).toBe(300)

    const elsewhere = `https://example.com/petitions/${petition.slug}`
    expect((await fetch(`${server.url}/oembed?url=${encodeURIComponent(elsewhere)}`)).status).toBe(
      404,
    )
    const unknown = `${server.url}/petitions/no-such-petition`
    expect((await fetch(`${server.url}/oembed?url=${encodeURIComponent(unknown)}`)).status).toBe(
      404,
    )
    expect(
      (await fetch(`${server.url}/oembed?url=${encodeURIComponent(target)}&format=xml`)).status,
    ).toBe(501)
    const missing = await fetch(`${server.url}/oembed`)
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { error: { fields: object } }).error.fields).toHaveProperty(
      'url',
    )
    expect((await fetch(`${server.url}/oembed?url=x&maxwidth=abc`)).status).toBe(400)
  })
})

describe('the flyer', () => {
  it('is a one-page PDF with the title and the address its QR code carries (source flyer)', async () => {
    const { petition } = await makePetition()
    const res = await fetch(`${server.url}/petitions/${petition.slug}/flyer.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const parser = new PDFParse({ data: new Uint8Array(await res.arrayBuffer()) })
    try {
      const text = (await parser.getText()).text.replace(/\s+/g, ' ')
      expect(text).toContain(petition.title)
      expect(text).toContain(`${server.url}/petitions/${petition.slug}?source=flyer`)
      expect((await parser.getInfo()).total).toBe(1)
      const images = await parser.getImage()
      expect(images.pages[0]!.images.length).toBe(1)
    } finally {
      await parser.destroy()
    }
  })

  it('is printed in Spanish for a Spanish reader', async () => {
    const { petition } = await makePetition()
    const res = await fetch(`${server.url}/petitions/${petition.slug}/flyer.pdf`, {
      headers: { 'Accept-Language': 'es-US,es;q=0.9' },
    })
    expect(res.headers.get('vary')).toContain('Accept-Language')
    const parser = new PDFParse({ data: new Uint8Array(await res.arrayBuffer()) })
    try {
      const text = (await parser.getText()).text.replace(/\s+/g, ' ')
      expect(text).toContain('Quedan 5 días')
      expect(text).toContain('Escanee el código para firmar, o escriba:')
      expect(text).toContain('Su correo electrónico nunca se muestra en público.')
      expect(text).not.toContain('Scan to sign')
    } finally {
      await parser.destroy()
    }
  })
})
