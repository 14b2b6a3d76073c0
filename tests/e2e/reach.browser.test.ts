/**
 * Reach in a browser: the embed framed by a plain page of another site (on
 * another port), signing through it and counting under its source; the
 * share buttons and the sign button at the top, at 360 and 1,366 pixels;
 * axe on the new pages.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { embedSnippet } from '../../app/domain/embed'
import { makePetition } from '../helpers/fixtures'
import { recipient, startSmtpSink, type SmtpSink } from '../helpers/smtp'
import { eventually, postForm, startTestServer, type TestServer } from '../helpers/server'
import { hasChromium, launch, seriousViolations, skipReason } from './browser'

vi.setConfig({ testTimeout: 120_000 })

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
]

describe.skipIf(!hasChromium)(`reach in a browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer
  let smtp: SmtpSink
  let host: http.Server
  let hostUrl = ''
  let hostHtml = ''

  beforeAll(async () => {
    smtp = await startSmtpSink()
    server = await startTestServer({ smtpUrl: smtp.url })
    browser = await launch()
    // Another site: a plain page that pastes the dashboard's snippet.
    host = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(hostHtml),
    )
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`
  })

  afterAll(async () => {
    await browser?.close()
    host?.close()
    await server?.close()
    await smtp?.close()
  })

  for (const device of VIEWPORTS) {
    it(`signs through the embed on another site's page (${device.name})`, async () => {
      const { petition } = await makePetition()
      const source = `parish-${device.name}`
      hostHtml = `<!doctype html><html lang="en"><head><title>Parish news</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body><h1>Parish news</h1><p>Please sign:</p>
        ${embedSnippet({ appUrl: server.url, slug: petition.slug, title: petition.title, source })}
        </body></html>`
      const { name: _n, ...options } = device
      const context = await browser.newContext(options)
      const page = await context.newPage()
      await page.goto(hostUrl)
      const frameElement = page.locator('iframe[data-vigil-embed]')
      // With JavaScript, the frame tells the page its height and the snippet sizes it.
      await expect
        .poll(async () => frameElement.evaluate((f) => f.style.height), { timeout: 20_000 })
        .toMatch(/^\d+px$/)
      const frame = page.frameLocator('iframe[data-vigil-embed]')
      await expect.poll(() => frame.getByRole('progressbar').count()).toBe(1)
      const email = `framed.${device.name}.${Date.now()}@example.org`
      await frame.getByLabel('Full name').fill('Framed Signer')
      await frame.getByLabel('Email', { exact: true }).fill(email)
      await frame.getByLabel('Postal code').fill('78701')
      await frame.getByRole('button', { name: 'Sign the petition' }).click()
      await frame.getByRole('heading', { name: /Check your email/ }).waitFor()
      // The host page stayed where it was.
      expect(page.url()).toBe(hostUrl)

      const mail = await smtp.waitForMail((m) => recipient(m).includes(email))
      const link = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(mail.text ?? '')![1]!
      expect((await postForm(link, {})).status).toBeLessThan(400)
      const sources = await eventually(async () => {
        const res = await fetch(`${server.url}/api/v1/petitions/${petition.id}`)
        const body = (await res.json()) as {
          sources: { source: string; total_signatures: number }[]
        }
        return body.sources.length ? body.sources : undefined
      })
      expect(sources).toEqual([{ source, total_signatures: 1 }])
      await context.close()
    })

    it(`shows the sign button at the top on phones only, and share buttons that fit (${device.name})`, async () => {
      const { petition } = await makePetition()
      const { name, ...options } = device
      const context = await browser.newContext(options)
      await context.grantPermissions(['clipboard-read', 'clipboard-write'])
      const page = await context.newPage()
      // A browser with the Web Share API: what it would be handed is recorded.
      await page.addInitScript(() => {
        Object.assign(navigator, {
          share: (data: unknown) => {
            Object.assign(window, { __shared: data })
            return Promise.resolve()
          },
        })
      })
      await page.goto(`${server.url}/petitions/${petition.slug}`)
      await page.waitForFunction(() => '__remixRouter' in window)
      const jump = page.locator('.sign-jump')
      if (name === 'phone') {
        expect(await jump.isVisible()).toBe(true)
        const box = (await jump.boundingBox())!
        expect(box.y + box.height).toBeLessThan(740)
        await jump.click()
        await expect
          .poll(() => page.locator('#sign').evaluate((f) => f.getBoundingClientRect().top))
          .toBeLessThan(100)
      } else {
        expect(await jump.isVisible()).toBe(false)
      }
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        device.viewport.width,
      )
      await page.getByRole('button', { name: 'Share…' }).click()
      const shared = await page.evaluate(
        () => (window as unknown as { __shared: { url: string } }).__shared,
      )
      expect(shared.url).toBe(`${server.url}/petitions/${petition.slug}?source=share-native`)
      await page.getByRole('button', { name: 'Copy link' }).click()
      await page.getByRole('button', { name: 'Link copied' }).waitFor()
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        `${server.url}/petitions/${petition.slug}?source=share-link`,
      )
      // The share card the page names for link previews is an image.
      const card = await page.locator('meta[property="og:image"]').getAttribute('content')
      const cardResponse = await page.request.get(card!)
      expect(cardResponse.status()).toBe(200)
      expect(cardResponse.headers()['content-type']).toBe('image/png')
      for (const label of ['WhatsApp', 'Facebook', 'X', 'Bluesky', 'Email'])
        expect(await page.getByRole('link', { name: label, exact: true }).isVisible()).toBe(true)
      expect(await seriousViolations(page)).toEqual([])
      await context.close()
    })
  }

  it('finds no serious accessibility violation on the embed and the thanks page', async () => {
    const { petition } = await makePetition()
    const context = await browser.newContext(VIEWPORTS[0])
    const page = await context.newPage()
    await page.goto(`${server.url}/embed/petitions/${petition.slug}`)
    expect(await seriousViolations(page)).toEqual([])
    await page.goto(`${server.url}/embed/petitions/${petition.slug}?signed=1`)
    expect(await seriousViolations(page)).toEqual([])
    await page.goto(`${server.url}/petitions/${petition.slug}/thanks`)
    expect(await seriousViolations(page)).toEqual([])
    await context.close()
  })
})
