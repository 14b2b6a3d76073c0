/**
 * The dashboard in a real browser with JavaScript: every page hydrates
 * without an error, moderation and the case form work as in-page
 * submissions (errors beside the field, then a redirect), an outreach is
 * previewed, scheduled and cancelled in the page, and axe-core finds
 * no serious accessibility violation on the main pages, on a phone.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWebhook } from '../../app/models/webhook.server'
import { makePetition } from '../helpers/fixtures'
import { makeOrganizer, signInCookie } from '../helpers/organizers'
import { startTestServer, type TestServer } from '../helpers/server'
import { seedSignatures } from '../helpers/signatures'
import { cspIssues, hasChromium, launch, seriousViolations, skipReason } from './browser'

vi.setConfig({ testTimeout: 120_000 })

describe.skipIf(!hasChromium)(`the dashboard in a browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer
  let page: Page
  const errors: string[] = []
  let issues: string[] = []
  let fixture: Awaited<ReturnType<typeof makePetition>>
  let webhookId: string

  beforeAll(async () => {
    process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
    server = await startTestServer()
    browser = await launch()
    fixture = await makePetition({ organizationName: 'Browser Org' })
    const { user } = await makeOrganizer({ organizationName: 'Browser Org' })
    const cookie = await signInCookie(server.url, { email: user.email })
    await seedSignatures(
      { petitionId: fixture.petition.id, organizationId: fixture.organization.id },
      [{ ip: '203.0.113.9' }, { status: 'pending' }, { status: 'held' }],
    )
    webhookId = (
      await createWebhook({
        organizationId: fixture.organization.id,
        url: 'https://crm.example.org/hooks/vigil',
        events: ['signature.confirmed', 'case.updated'],
        secret: 'whsec_dGVzdA==',
        createdBy: null,
      })
    ).id
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const [name, value] = cookie.split('=')
    await context.addCookies([{ name: name!, value: value!, url: server.url }])
    page = await context.newPage()
    issues = await cspIssues(page)
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        errors.push(`${page.url()}: ${m.text()}`)
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('hydrates every page without an error and without serious axe violations', async () => {
    const p = fixture.petition.id
    for (const path of [
      '/dashboard',
      '/dashboard/cases',
      '/dashboard/cases/new',
      `/dashboard/cases/${fixture.case.id}`,
      '/dashboard/officials',
      '/dashboard/officials/new',
      `/dashboard/officials/${fixture.governor.id}`,
      '/dashboard/officials/import',
      '/dashboard/petitions',
      '/dashboard/petitions/new',
      `/dashboard/petitions/${p}`,
      `/dashboard/petitions/${p}/edit`,
      `/dashboard/petitions/${p}/signatures`,
      '/dashboard/outreaches',
      '/dashboard/outreaches/new',
      `/dashboard/outreaches/new?petition=${p}`,
      '/dashboard/watch',
      '/dashboard/clemency',
      '/dashboard/cases/import',
      `/dashboard/cases/${fixture.case.id}/scripts`,
      `/dashboard/petitions/${p}/calls`,
      '/dashboard/webhooks',
      `/dashboard/webhooks/${webhookId}`,
    ]) {
      await page.goto(server.url + path)
      await page.waitForLoadState('networkidle')
      expect(await seriousViolations(page), path).toEqual([])
    }
    expect(errors).toEqual([])
    // The CSP refuses nothing any page tries (zod's eval probe was one).
    expect(issues).toEqual([])
  })

  it('submits moderation and the case form in the page', async () => {
    await page.goto(`${server.url}/dashboard/petitions/${fixture.petition.id}/signatures`)
    await page.waitForLoadState('networkidle')
    await page.fill('#mod-cidr', 'bogus')
    await page.locator('form:has(#mod-cidr) button').click()
    await page.waitForSelector('#mod-cidr-error')
    expect(await page.getAttribute('#mod-cidr', 'aria-invalid')).toBe('true')
    await page.fill('#mod-cidr', '203.0.113.0/24')
    await page.locator('form:has(#mod-cidr) button').click()
    await page.waitForURL(/done=invalidated/)
    expect(await page.textContent('.notice')).toContain('1 signatures invalidated')
    await page.locator('form:has(input[value=undo]) button').first().click()
    await page.waitForURL(/done=undone/)

    await page.goto(`${server.url}/dashboard/cases/new`)
    await page.waitForLoadState('networkidle')
    await page.click('.case-form button[type=submit]')
    await page.waitForSelector('#f-personName-error')
    await page.fill('#f-personName', 'Browser Person')
    await page.fill('#f-jurisdiction', 'Ohio')
    await page.fill('#f-nextDate', '2027-01-15T18:00')
    await page.selectOption('#f-nextDateKind', 'execution')
    await page.click('.case-form button[type=submit]')
    await page.waitForURL(/done=created/)
    expect(await page.inputValue('#f-nextDate')).toBe('2027-01-15T18:00')
    expect(errors).toEqual([])
  })

  it('previews, then schedules and cancels an outreach in the page', async () => {
    await page.goto(`${server.url}/dashboard/outreaches/new?petition=${fixture.petition.id}`)
    await page.waitForLoadState('networkidle')
    await page.fill('#f-body', 'Dear {{ official.nickname }}')
    await page.click('button[value=preview]')
    await page.waitForSelector('#f-body-error')
    expect(await page.getAttribute('#f-body', 'aria-invalid')).toBe('true')
    await page.fill('#f-body', 'Dear {{ official.title }} {{ official.name }}')
    await page.click('button[value=preview]')
    await page.waitForSelector('iframe.mail-preview')
    expect(await page.textContent('#preview-heading')).toContain(fixture.governor.name)
    await expect
      .poll(() => page.frameLocator('iframe.mail-preview').locator('body').textContent())
      .toContain(`Dear Governor ${fixture.governor.name}`)
    expect(await seriousViolations(page)).toEqual([])
    await page.check('input[name=when][value=later]')
    await page.fill('#f-scheduledAt', '2099-03-01T09:00')
    await page.click('button[value=send]')
    await page.waitForURL(/done=scheduled/)
    await expect.poll(() => page.textContent('h1')).toContain('Scheduled')
    expect(await seriousViolations(page)).toEqual([])
    await page.click('text=Cancel the outreach')
    await page.waitForURL(/done=cancelled/)
    await expect.poll(() => page.textContent('h1')).toContain('Cancelled')
    expect(errors).toEqual([])
  })
})
