import type { AddressInfo } from 'node:net'
import compression from 'compression'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { petitionPageCache } from '../bin/page-cache'
import { normalizeSource, sourceField } from '../app/domain/sources'

// The cache alone, in front of a stand-in page that counts its renders.
let renders = 0
let base = ''
let close: () => void

beforeAll(async () => {
  const app = express()
  app.use(compression({ threshold: 0 }))
  app.use(petitionPageCache({ ttlMs: 300 }))
  app.get('/petitions/with-form', (req, res) => {
    renders++
    // As the petition page does: the source from the address (Remix reads originalUrl)
    // into the form's hidden field.
    const source = normalizeSource(new URL(req.originalUrl, base).searchParams.get('source'))
    res.type('html').end(`<form>${sourceField(source)}</form><p>render ${renders}</p>`)
  })
  app.get('/petitions/:slug', async (req, res) => {
    renders++
    await new Promise((r) => setTimeout(r, 20))
    if (req.params.slug === 'with-cookie') res.setHeader('Set-Cookie', 'a=b')
    res.type('html').setHeader('X-Frame-Options', 'DENY')
    res.write(`<p>${req.params.slug} `)
    res.end(`render ${renders}</p>`)
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})
afterAll(() => close())

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(base + path, { headers })
  return { text: await res.text(), res }
}

describe('the petition page cache', () => {
  it('renders once for readers arriving together and within a second, then again', async () => {
    const before = renders
    const first = await Promise.all([1, 2, 3, 4].map(() => page('/petitions/one')))
    const later = await page('/petitions/one', { 'accept-encoding': 'identity' })
    expect(renders - before).toBe(1)
    for (const { text, res } of [...first, later]) {
      expect(text).toBe(first[0]!.text)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('content-type')).toContain('text/html')
    }
    await new Promise((r) => setTimeout(r, 350))
    expect((await page('/petitions/one')).text).not.toBe(first[0]!.text)
  })

  it('renders for every request with a cookie, a query string or a credential', async () => {
    await page('/petitions/two')
    const before = renders
    await page('/petitions/two', { cookie: 'session=x' })
    await page('/petitions/two?ref=mail')
    await page('/petitions/two', { authorization: 'Bearer t' })
    expect(renders - before).toBe(3)
  })

  it('keeps no answer that sets a cookie', async () => {
    const before = renders
    await page('/petitions/with-cookie')
    await page('/petitions/with-cookie')
    expect(renders - before).toBe(2)
  })

  it('keeps one page per language: a Spanish reader never gets the English page', async () => {
    // Its own cache, kept long enough that nothing here depends on timing.
    let own = 0
    const app = express()
    app.use(petitionPageCache({ ttlMs: 600_000 }))
    app.get('/petitions/:slug', (req, res) => {
      own++
      res.type('html').end(`<p>${req.get('accept-language') ?? ''} render ${own}</p>`)
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}/petitions/lang`
    const get = async (language: string) => {
      const res = await fetch(at, { headers: { 'accept-language': language } })
      return { text: await res.text(), vary: res.headers.get('vary') }
    }
    const english = await get('en-US,en;q=0.9')
    const spanish = await get('es-MX,es;q=0.9')
    const english2 = await get('en')
    const spanish2 = await get('es')
    server.close()
    expect(own).toBe(2)
    expect(spanish.text).toContain('es-MX')
    expect(spanish2.text).toBe(spanish.text)
    expect(english2.text).toBe(english.text)
    expect(english.text).not.toBe(spanish.text)
    expect(spanish2.vary).toMatch(/accept-language/i)
  })

  it("shares one entry among ?source= links and fills each reader's source into the form", async () => {
    const before = renders
    const [a, b, none] = await Promise.all([
      page('/petitions/with-form?source=whatsapp'),
      page('/petitions/with-form?source=flyer'),
      page('/petitions/with-form'),
    ])
    const later = await page('/petitions/with-form?source=church')
    expect(renders - before).toBe(1)
    expect(a.text).toContain('<input type="hidden" name="source" value="whatsapp"/>')
    expect(b.text).toContain('<input type="hidden" name="source" value="flyer"/>')
    expect(none.text).toContain('<input type="hidden" name="source" value=""/>')
    expect(later.text).toContain('<input type="hidden" name="source" value="church"/>')
    // Any other query string, or a source not in its stored form, renders for that reader alone.
    await page('/petitions/with-form?source=Church')
    await page('/petitions/with-form?source=a&x=1')
    expect(renders - before).toBe(3)
  })
})
