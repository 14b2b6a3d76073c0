/**
 * A campaign's page in a real browser with JavaScript: the organizer sends
 * and watches "N of N sent" climb without reloading the page (the numbers
 * refresh in place while it sends, and stop once it is sent), and axe-core
 * finds no serious accessibility violation on the message page, before and
 * after sending, or on the suppression list.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createCampaign } from '../../app/services/campaigns.server'
import { seedSigners } from '../helpers/campaigns'
import { makePetition } from '../helpers/fixtures'
import { makeOrganizer, signInCookie } from '../helpers/organizers'
import { startTestServer, type TestServer } from '../helpers/server'
import { startSmtpSink, type SmtpSink } from '../helpers/smtp'
import { hasChromium, launch, seriousViolations, skipReason } from './browser'

vi.setConfig({ testTimeout: 120_000 })

const SIGNERS = 60

describe.skipIf(!hasChromium)(`a campaign in the browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer
  let smtp: SmtpSink
  let page: Page
  let messageId: string
  const errors: string[] = []

  beforeAll(async () => {
    process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
    // Slow enough that sending takes a few seconds: there is progress to watch.
    process.env.VIGIL_MAIL_RATE = '15'
    smtp = await startSmtpSink()
    server = await startTestServer({ smtpUrl: smtp.url })
    browser = await launch()
    const fixture = await makePetition({ organizationName: 'Browser Campaign Org' })
    const { user } = await makeOrganizer({ organizationName: 'Browser Campaign Org' })
    await seedSigners({
      organizationId: fixture.organization.id,
      petitionId: fixture.petition.id,
      count: SIGNERS,
    })
    messageId = (
      await createCampaign({
        organizationId: fixture.organization.id,
        createdBy: user.id,
        subject: '{{ case.days_left }} days left for {{ case.person_name }}',
        body: 'Dear {{ supporter.first_name }}, please share {{ petition.url }}.',
        petitionIds: [fixture.petition.id],
      })
    ).id
    const cookie = await signInCookie(server.url, { email: user.email })
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
    const [name, value] = cookie.split('=')
    await context.addCookies([{ name: name!, value: value!, url: server.url }])
    page = await context.newPage()
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        errors.push(`${page.url()}: ${m.text()}`)
    })
  })

  afterAll(async () => {
    delete process.env.VIGIL_MAIL_RATE
    await browser?.close()
    await server?.close()
    await smtp?.close()
  })

  it('has no serious axe violations on the draft and the suppression list', async () => {
    for (const path of [`/dashboard/messages/${messageId}`, '/dashboard/suppressions']) {
      await page.goto(server.url + path)
      await page.waitForLoadState('networkidle')
      expect(await seriousViolations(page), path).toEqual([])
    }
    expect(errors).toEqual([])
  })

  it('shows the progress climbing without a reload, until everyone is sent it', async () => {
    await page.goto(`${server.url}/dashboard/messages/${messageId}`)
    await page.waitForLoadState('networkidle')
    // Sending asks first, naming how many will get it.
    await page.getByLabel(/Yes, send it now to \d+ people/).check()
    await page.click('section[aria-labelledby=send-heading] button[type=submit]')
    await page.waitForURL(/done=sending/)
    // A marker in the page: a reload would lose it.
    await page.evaluate(() => {
      ;(window as unknown as { stillHere: boolean }).stillHere = true
    })
    const seen = new Set<string>()
    const deadline = Date.now() + 60_000
    for (;;) {
      const line = (await page.textContent('#progress-heading + *').catch(() => null)) ?? ''
      const value = await page.getAttribute('#sent-progress', 'value').catch(() => null)
      seen.add(`${value ?? 'none'}|${line.replace(/\s+/g, ' ').trim()}`)
      if (value === String(SIGNERS) && (await page.textContent('h1'))?.includes('Sent')) break
      if (Date.now() > deadline) throw new Error(`No end of sending: ${[...seen].join(' / ')}`)
      await page.waitForTimeout(150)
    }
    expect(await page.textContent('#progress-heading + *')).toContain(
      `${SIGNERS} of ${SIGNERS} sent`,
    )
    // It moved in place: several states were shown, and the page was never reloaded.
    const values = new Set([...seen].map((s) => s.split('|')[0]))
    expect(values.size, [...seen].join(' / ')).toBeGreaterThanOrEqual(2)
    expect([...values].some((v) => v !== 'none' && Number(v) > 0 && Number(v) < SIGNERS)).toBe(true)
    expect(
      await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
    ).toBe(true)
    expect(smtp.messages.length).toBe(SIGNERS)
    // "Sending has started" is not said of a message that is sent.
    expect(await page.locator('.notice').count()).toBe(0)
    expect(await seriousViolations(page)).toEqual([])

    // Once sent, it stops asking: no data request in the next few seconds.
    const requests: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('.data')) requests.push(r.url())
    })
    await page.waitForTimeout(4_500)
    expect(requests).toEqual([])
    expect(errors).toEqual([])
  })
})
