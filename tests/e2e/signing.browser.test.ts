/**
 * Signing as people do it: on a phone-sized screen, with JavaScript (no page
 * load, a visible pending state) and without it (a plain form post), and the
 * public pages checked with axe-core.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '../../app/utils/db.server'
import { makePetition } from '../helpers/fixtures'
import { startTestServer, type TestServer } from '../helpers/server'
import { cspIssues, hasChromium, launch, seriousViolations, skipReason } from './browser'

// A browser on a busy 2-core machine is slow to start and hydrate.
vi.setConfig({ testTimeout: 90_000 })

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }

describe.skipIf(!hasChromium)(`signing in a browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function signatures(petitionId: string) {
    return db()<{ name: string; public: boolean }[]>`
      select name, public from signatures where petition_id = ${petitionId}`
  }

  it('signs with JavaScript: no page load, a pending state, then the thanks page', async () => {
    const { petition } = await makePetition()
    const context = await browser.newContext(phone)
    const page = await context.newPage()
    // Slow the submission a little so the pending state can be seen.
    await page.route('**/*.data*', async (route) => {
      if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 700))
      await route.continue()
    })
    const scriptErrors: string[] = []
    page.on('pageerror', (error) => scriptErrors.push(error.message))
    // The Content-Security-Policy (decision 026) lets every script of the page run.
    const refused: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text())
    })
    // …and none of them tries what it refuses (zod's probe for `new Function`
    // was one: the browser reports it as an issue, and Lighthouse marks it down).
    const issues = await cspIssues(page)
    await page.goto(`${server.url}/petitions/${petition.slug}`)
    await page.waitForFunction(() => '__remixRouter' in window)
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }))

    await page.getByLabel('Full name').fill('Rosa Parkes')
    await page.getByLabel('Email', { exact: true }).fill('rosa@example.org')
    await page.getByLabel('Postal code').fill('78701')
    await page.getByLabel('Town or city (optional)').fill('Austin, TX')
    await page.getByLabel(/Show my first name/).check()
    await page.getByRole('button', { name: 'Sign the petition' }).click()

    await expect.poll(() => page.getByRole('button', { name: 'Signing…' }).isVisible()).toBe(true)
    await page.getByRole('heading', { name: /check your email/i }).waitFor()
    expect(page.url()).toBe(`${server.url}/petitions/${petition.slug}/thanks`)
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(
      true,
    )
    expect(await signatures(petition.id)).toEqual([{ name: 'Rosa Parkes', public: true }])
    // Hydration matched the server's HTML (a mismatch re-renders the form and loses input).
    expect(scriptErrors).toEqual([])
    expect(refused).toEqual([])
    expect(issues).toEqual([])
    await context.close()
  })

  it('shows errors beside the fields with JavaScript, keeping what was typed', async () => {
    const { petition } = await makePetition()
    const context = await browser.newContext(phone)
    const page = await context.newPage()
    await page.goto(`${server.url}/petitions/${petition.slug}`)
    await page.waitForFunction(() => '__remixRouter' in window)
    await page.getByLabel('Full name').fill('Ann Example')
    await page.getByLabel('Email', { exact: true }).fill('ann@')
    await page.getByLabel('Postal code').fill('ABC')
    await page.getByRole('button', { name: 'Sign the petition' }).click()
    await page.getByText('Please enter a valid email address').waitFor()
    await expect
      .poll(() => page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true')
    expect(await page.getByLabel('Full name').inputValue()).toBe('Ann Example')
    expect(await page.getByText(/Please enter a valid postal code/).isVisible()).toBe(true)
    expect(await signatures(petition.id)).toHaveLength(0)
    await context.close()
  })

  it('signs without JavaScript through a plain form post', async () => {
    const { petition } = await makePetition()
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${server.url}/petitions/${petition.slug}`)
    await page.getByLabel('Full name').fill('Noscript Person')
    await page.getByLabel('Email', { exact: true }).fill('noscript@example.org')
    await page.getByLabel('Postal code').fill('10001')
    await page.getByRole('button', { name: 'Sign the petition' }).click()
    await page.getByRole('heading', { name: /check your email/i }).waitFor()
    expect(page.url()).toBe(`${server.url}/petitions/${petition.slug}/thanks`)
    expect(await signatures(petition.id)).toEqual([{ name: 'Noscript Person', public: false }])
    await context.close()
  })

  it('has no serious accessibility violations on the public pages', async () => {
    const { petition, case: kase } = await makePetition()
    const context = await browser.newContext(phone)
    const page = await context.newPage()
    for (const path of [
      '/',
      `/petitions/${petition.slug}`,
      `/petitions/${petition.slug}/thanks`,
      `/cases/${kase.slug}`,
    ]) {
      await page.goto(`${server.url}${path}`)
      const violations = await seriousViolations(page)
      expect(violations.map((v) => `${path}: ${v.id} — ${v.help}`)).toEqual([])
    }
    await page.goto(`${server.url}/petitions/${petition.slug}`)
    await page.screenshot({
      path: `${process.env.TMPDIR ?? '/tmp'}/vigil-petition-phone.png`,
      fullPage: true,
    })
    await context.close()
  })
})
