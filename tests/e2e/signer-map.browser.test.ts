/**
 * The petition's page on a 360 px phone with JavaScript: the map of
 * signers by state and its table fit the screen, axe-core finds no serious
 * violation, the milestone panel offers a higher goal, and "Print the
 * delivery packet" downloads the PDF.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '../../app/utils/db.server'
import { noticeMilestones } from '../../app/services/milestones.server'
import { makePetition } from '../helpers/fixtures'
import { makeOrganizer, signInCookie } from '../helpers/organizers'
import { startTestServer, type TestServer } from '../helpers/server'
import { seedSignatures } from '../helpers/signatures'
import { hasChromium, launch, seriousViolations, skipReason } from './browser'

vi.setConfig({ testTimeout: 120_000 })

describe.skipIf(!hasChromium)(`the map of signers in a browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({ worker: false })
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('fits a phone, reads to axe, and prints the packet', async () => {
    const f = await makePetition({ organizationName: 'Map Org', goal: 8 })
    const { user } = await makeOrganizer({ organizationName: 'Map Org' })
    const cookie = await signInCookie(server.url, { email: user.email })
    await seedSignatures({ petitionId: f.petition.id, organizationId: f.organization.id }, [
      { postalCode: '78701', comment: 'From Austin.' },
      { postalCode: '77002' },
      { postalCode: '10001' },
      { postalCode: '90210' },
      { postalCode: '60601' },
      { postalCode: '98101' },
      { postalCode: 'H2X 1Y4', country: 'CA' },
    ])
    await noticeMilestones([f.petition.id])
    const context = await browser.newContext({
      viewport: { width: 360, height: 800 },
      acceptDownloads: true,
    })
    const [name, value] = cookie.split('=')
    await context.addCookies([{ name: name!, value: value!, url: server.url }])
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}/dashboard/petitions/${f.petition.id}`)
    await page.waitForLoadState('networkidle')

    const map = page.getByRole('img', { name: /Confirmed signers by state/ })
    await expect(map.isVisible()).resolves.toBe(true)
    const box = (await map.boundingBox())!
    expect(box.width).toBeLessThanOrEqual(360)
    expect(box.height).toBeGreaterThan(100)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expect(page.getByRole('rowheader', { name: /Texas/ }).isVisible()).resolves.toBe(true)
    await expect(page.getByRole('button', { name: /Raise the goal to 20/ }).count()).resolves.toBe(
      1,
    )
    expect(await seriousViolations(page)).toEqual([])
    if (process.env.VIGIL_SCREENSHOTS) {
      // For a person to look at: the page on a phone and on a laptop.
      const dir = process.env.VIGIL_SCREENSHOTS
      await page.screenshot({ path: `${dir}/map-360.png`, fullPage: true })
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.screenshot({ path: `${dir}/map-1280.png`, fullPage: true })
      await page.setViewportSize({ width: 360, height: 800 })
    }

    await page.selectOption('#packet-region', 'US-TX')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Print the delivery packet (PDF)' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/-packet-us-tx-.*\.pdf$/)
    const stream = await download.createReadStream()
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-')
    expect(errors).toEqual([])
    const [row] = await db()<{ n: number }[]>`select count(*)::int as n from petition_milestones
      where petition_id = ${f.petition.id}`
    expect(row!.n).toBe(3)
  })
})
