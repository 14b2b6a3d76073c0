/**
 * The call page as callers use it: on a 360 px phone, without JavaScript
 * (the log is a plain form post) and with it, nothing wider than the
 * screen, and no serious axe-core finding.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { countCalls } from '../../app/models/call.server'
import { changeOfficial } from '../../app/services/officials.server'
import { makePetition } from '../helpers/fixtures'
import { startTestServer, type TestServer } from '../helpers/server'
import { hasChromium, launch, seriousViolations, skipReason } from './browser'

vi.setConfig({ testTimeout: 90_000 })

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }

describe.skipIf(!hasChromium)(`the call page in a browser${skipReason}`, () => {
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

  for (const javaScriptEnabled of [false, true]) {
    it(`logs a call on a 360 px phone ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const fixture = await makePetition()
      await changeOfficial({
        organizationId: fixture.organization.id,
        officialId: fixture.governor.id,
        changes: {
          phone: '+1 (512) 555-0142 ext. 12',
          officeHours: 'Mo-Fr 08:00-17:00; PH off',
          timeZone: 'America/Chicago',
        },
      })
      const context = await browser.newContext({ ...phone, javaScriptEnabled })
      const page = await context.newPage()
      await page.goto(`${server.url}/petitions/${fixture.petition.slug}/call`)
      expect(await page.getAttribute('a[href^="tel:"]', 'href')).toBe('tel:+15125550142')
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      // axe-core runs as a page script: only where the page runs scripts.
      if (javaScriptEnabled) {
        expect(await seriousViolations(page)).toEqual([])
        await page.waitForFunction(() => '__remixRouter' in window)
      }
      await page.getByLabel('I left a voicemail').check()
      await page.getByRole('button', { name: 'Log my call' }).click()
      await page.getByText('Thank you. Your call is logged').waitFor()
      expect(await countCalls(fixture.petition.id)).toBe(1)
      await context.close()
    })
  }
})
