/**
 * The first visit's rough edges, as a new organizer and signer meet them,
 * at 360 and 1,366 pixels: nothing wider than the screen (a 100-character
 * name in the moderation table, the team, outreach and chart pages, the
 * confirmation mail), selects that show their whole choice, the time-zone
 * list, the 404 pages, and the public case page's wording.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { render as renderConfirmation } from '../../emails/confirm-signature'
import { makePetition } from '../helpers/fixtures'
import { makeOrganizer, signInCookie } from '../helpers/organizers'
import { startTestServer, type TestServer } from '../helpers/server'
import { seedSignatures } from '../helpers/signatures'
import { hasChromium, launch, seriousViolations, skipReason } from './browser'

vi.setConfig({ testTimeout: 120_000 })

const WIDTHS = [360, 1366]
const LONG_NAME = 'W'.repeat(100)

describe.skipIf(!hasChromium)(`the first visit in a browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer
  let cookie: string
  let fixture: Awaited<ReturnType<typeof makePetition>>

  beforeAll(async () => {
    process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
    server = await startTestServer({ worker: false })
    browser = await launch()
    fixture = await makePetition({ organizationName: 'First Visit Org' })
    const { user } = await makeOrganizer({ organizationName: 'First Visit Org', name: LONG_NAME })
    cookie = await signInCookie(server.url, { email: user.email })
    await seedSignatures(
      { petitionId: fixture.petition.id, organizationId: fixture.organization.id },
      [{ name: LONG_NAME, status: 'held', ip: '203.0.113.9' }, {}, { status: 'pending' }],
    )
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function open(
    width: number,
    signedIn: boolean,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 800 } })
    if (signedIn) {
      const [name, value] = cookie.split('=')
      await context.addCookies([{ name: name!, value: value!, url: server.url }])
    }
    return { context, page: await context.newPage() }
  }

  /** How far the page is wider than the screen, and its widest element if it is. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const over = document.documentElement.scrollWidth - window.innerWidth
      if (over <= 0) return 'fits'
      const widest = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => `${e.tagName}.${e.className}`)
        .slice(-3)
      return `${over}px by ${widest.join(' ')}`
    })

  for (const width of WIDTHS) {
    it(`keeps the dashboard's pages within ${width} px`, async () => {
      const { context, page } = await open(width, true)
      for (const path of [
        `/dashboard/petitions/${fixture.petition.id}/signatures`,
        '/dashboard/team',
        '/dashboard/outreaches',
        '/dashboard/outreaches/new',
        `/dashboard/petitions/${fixture.petition.id}`,
        '/dashboard/organization',
      ]) {
        await page.goto(server.url + path)
        expect(await overflow(page), path).toBe('fits')
      }
      // The moderation table shows the whole long name, wrapped.
      await page.goto(`${server.url}/dashboard/petitions/${fixture.petition.id}/signatures`)
      expect(await page.getByText(LONG_NAME).first().isVisible()).toBe(true)
      // The charts' labels are legible: never smaller than 10 px on screen.
      await page.goto(`${server.url}/dashboard/petitions/${fixture.petition.id}`)
      const smallest = await page.evaluate(() =>
        Math.min(
          ...[...document.querySelectorAll('.chart svg text')]
            .filter((t) => t.textContent?.trim())
            .map((t) => {
              const box = (t as SVGTextElement).getBoundingClientRect()
              // Its font size on screen: its size in the drawing, scaled the less of the two
              // ways (squeezed sideways is as unreadable as squeezed down).
              const natural = (t as SVGTextElement).getBBox()
              const size = parseFloat(getComputedStyle(t).fontSize)
              return size * Math.min(box.width / natural.width, box.height / natural.height)
            }),
        ),
      )
      expect(smallest).toBeGreaterThanOrEqual(10)
      await context.close()
    })

    it(`shows each select's whole choice on the case form at ${width} px, US time zones first`, async () => {
      const { context, page } = await open(width, true)
      await page.goto(`${server.url}/dashboard/cases/new`)
      const clipped = await page.evaluate(() => {
        const canvas = document.createElement('canvas').getContext('2d')!
        return [...document.querySelectorAll('select')].flatMap((select) => {
          const style = getComputedStyle(select)
          canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
          const longest = Math.max(
            ...[...select.options].map((o) => canvas.measureText(o.text).width),
          )
          // Room for the text beside the padding and the arrow.
          return longest + 40 > select.clientWidth ? [`${select.name}: ${longest}`] : []
        })
      })
      expect(clipped).toEqual([])
      const groups = await page.evaluate(() =>
        [...document.querySelectorAll('select[name="timeZone"] optgroup')].map((g) =>
          g.getAttribute('label'),
        ),
      )
      expect(groups[0]).toBe('United States')
      expect(groups).toContain('Europe')
      const firstZones = await page.evaluate(() =>
        [...document.querySelectorAll('select[name="timeZone"] option')]
          .slice(0, 3)
          .map((o) => o.textContent),
      )
      expect(firstZones).toEqual(['Eastern (New York)', 'Central (Chicago)', 'Mountain (Denver)'])
      await context.close()
    })

    it(`fits the confirmation mail on a ${width} px screen, its long link wrapped`, async () => {
      const { context, page } = await open(width, false)
      const mail = renderConfirmation({
        name: 'Ana',
        petitionTitle: 'Spare Marcus Ellery Dane',
        personName: 'Marcus Ellery Dane',
        organizationName: 'Vigil Demo Project',
        confirmUrl: `https://vigil.example/confirm/${'x'.repeat(43)}`,
        unsubscribeUrl: `https://vigil.example/unsubscribe/${'y'.repeat(24)}`,
        expiresInDays: 7,
      })
      await page.setContent(mail.html)
      expect(await overflow(page)).toBe('fits')
      await context.close()
    })
  }

  it('answers an unknown address with a titled page, and keeps the dashboard navigation', async () => {
    const { context, page } = await open(360, true)
    const res = await page.goto(`${server.url}/no/such/page`)
    expect(res!.status()).toBe(404)
    expect(await page.title()).toBe('Page not found · Vigil')
    expect(await page.locator('h1').textContent()).toBe('Page not found')
    expect(await page.locator('main').textContent()).not.toContain('No route matches')
    expect(await seriousViolations(page)).toEqual([])

    const dash = await page.goto(`${server.url}/dashboard/no-such-page`)
    expect(dash!.status()).toBe(404)
    expect(await page.title()).toBe('Not found · Dashboard · Vigil')
    expect(
      await page.getByRole('link', { name: 'Petitions', exact: true }).count(),
    ).toBeGreaterThan(0)
    expect(await page.getByRole('link', { name: 'Campaigns' }).isVisible()).toBe(true)
    await context.close()
  })

  it('tells the case plainly: no "added to Vigil", no role said twice', async () => {
    const { context, page } = await open(360, false)
    await page.goto(`${server.url}/cases/${fixture.case.slug}`)
    const text = (await page.locator('main').textContent()) ?? ''
    expect(text).not.toContain('added to Vigil')
    expect(text).not.toMatch(/Governor · Governor/)
    expect(text).toContain('Governor')
    expect(await overflow(page)).toBe('fits')
    expect(await seriousViolations(page)).toEqual([])
    await context.close()
  })
})
