/**
 * Campaigning together in a browser (issue 15): a partner's embed, pasted
 * into the partner's own site, signed with only the partner's consent box
 * ticked (and the petition page through the partner's link, with
 * JavaScript); the signatures count under the partner on the lead's
 * dashboard and the signers are on the partner's list. At 360 and 1,366 pixels; axe on
 * the new pages (the partner's petition page, the lead's partners page).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { embedSnippet } from '../../app/domain/embed'
import { answerPartnerInvitation, invitePartner } from '../../app/models/partner.server'
import { makePetition } from '../helpers/fixtures'
import { makeOrganizer, signInCookie } from '../helpers/organizers'
import { recipient, startSmtpSink, type SmtpSink } from '../helpers/smtp'
import { eventually, postForm, startTestServer, type TestServer } from '../helpers/server'
import { hasChromium, launch, seriousViolations, skipReason } from './browser'

vi.setConfig({ testTimeout: 120_000 })

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
]

describe.skipIf(!hasChromium)(`partners in a browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer
  let smtp: SmtpSink
  let host: http.Server
  let hostUrl = ''
  let hostHtml = ''

  beforeAll(async () => {
    process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
    smtp = await startSmtpSink()
    server = await startTestServer({ smtpUrl: smtp.url })
    browser = await launch()
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

  async function signedIn(context: BrowserContext, email: string) {
    const cookie = await signInCookie(server.url, { email })
    const [name, value] = cookie.split('=')
    await context.addCookies([{ name: name!, value: value!, url: server.url }])
  }

  for (const device of VIEWPORTS) {
    it(`signs through a partner's embed and counts under that partner (${device.name})`, async () => {
      const stamp = `${device.name} ${Date.now()}`
      const { petition, organization } = await makePetition({
        organizationName: `Lead Project ${stamp}`,
      })
      const lead = await makeOrganizer({ organizationName: organization.name })
      const partner = await makeOrganizer({ organizationName: `Parish Network ${stamp}` })
      await invitePartner({
        ownerId: organization.id,
        petitionId: petition.id,
        partner: partner.organization.slug,
        invitedBy: null,
      })
      await answerPartnerInvitation({
        partnerId: partner.organization.id,
        petitionId: petition.id,
        accept: true,
      })
      const source = partner.organization.slug
      hostHtml = `<!doctype html><html lang="en"><head><title>Parish network</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body><h1>Parish network</h1>
        ${embedSnippet({ appUrl: server.url, slug: petition.slug, title: petition.title, source })}
        </body></html>`
      const { name: _n, ...options } = device
      const context = await browser.newContext(options)
      const page = await context.newPage()
      await page.goto(hostUrl)
      const frame = page.frameLocator('iframe[data-vigil-embed]')
      await expect.poll(() => frame.getByRole('progressbar').count()).toBe(1)
      // The embed names the partner and offers its own consent box, unticked.
      await expect.poll(() => frame.getByText(`With ${partner.organization.name}.`).count()).toBe(1)
      const partnerBox = frame.getByLabel(
        `Keep me updated by email from ${partner.organization.name}`,
      )
      expect(await partnerBox.isChecked()).toBe(false)
      const email = `parish.${device.name}.${Date.now()}@example.org`
      await frame.getByLabel('Full name').fill('Parish Signer')
      await frame.getByLabel('Email', { exact: true }).fill(email)
      await frame.getByLabel('Postal code').fill('78701')
      await partnerBox.check()
      await frame.getByRole('button', { name: 'Sign the petition' }).click()
      await frame.getByRole('heading', { name: /Check your email/ }).waitFor()
      expect(page.url()).toBe(hostUrl)

      const mail = await smtp.waitForMail((m) => recipient(m).includes(email))
      const link = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(mail.text ?? '')![1]!
      expect((await postForm(link, {})).status).toBeLessThan(400)
      await eventually(async () => {
        const res = await fetch(`${server.url}/api/v1/petitions/${petition.id}`)
        const body = (await res.json()) as { total_signatures: number }
        return body.total_signatures === 1 ? true : undefined
      })

      // With JavaScript, on the petition page through the partner's link: the same box.
      const js = await context.newPage()
      await js.goto(`${server.url}/petitions/${petition.slug}?source=${source}`)
      await js.waitForFunction(() => '__remixRouter' in window)
      await js.evaluate(() => Object.assign(window, { __sameDocument: true }))
      const jsEmail = `parish.js.${device.name}.${Date.now()}@example.org`
      await js.getByLabel('Full name').fill('Scripted Signer')
      await js.getByLabel('Email', { exact: true }).fill(jsEmail)
      await js.getByLabel('Postal code').fill('78701')
      await js.getByLabel(`Keep me updated by email from ${partner.organization.name}`).check()
      await js.getByRole('button', { name: 'Sign the petition' }).click()
      await js.getByRole('heading', { name: /check your email/i }).waitFor()
      expect(await js.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(
        true,
      )
      const jsMail = await smtp.waitForMail((m) => recipient(m).includes(jsEmail))
      const jsLink = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(jsMail.text ?? '')![1]!
      expect((await postForm(jsLink, {})).status).toBeLessThan(400)
      await eventually(async () => {
        const res = await fetch(`${server.url}/api/v1/petitions/${petition.id}`)
        const body = (await res.json()) as { total_signatures: number }
        return body.total_signatures === 2 ? true : undefined
      })

      // The lead's dashboard: both signatures and both subscribers under the partner.
      await signedIn(context, lead.user.email)
      const dash = await context.newPage()
      await dash.goto(`${server.url}/dashboard/petitions/${petition.id}`)
      const row = dash.locator(`tr[data-partner="${source}"]`)
      await expect.poll(() => row.locator('td.num').allTextContents()).toEqual(['2', '2'])
      await dash.goto(`${server.url}/dashboard/petitions/${petition.id}/partners`)
      await dash.getByRole('heading', { name: 'Partner organizations' }).waitFor()
      expect(await seriousViolations(dash)).toEqual([])

      // The partner's own page lists the signer, with the email.
      await context.clearCookies()
      await signedIn(context, partner.user.email)
      await dash.goto(`${server.url}/dashboard/partners/${petition.id}`)
      await dash.getByText(email).waitFor()
      await dash.getByText(jsEmail).waitFor()
      expect(await seriousViolations(dash)).toEqual([])
      await dash.goto(`${server.url}/dashboard/partners`)
      await dash.getByRole('link', { name: petition.title }).waitFor()
      expect(await seriousViolations(dash)).toEqual([])
      await context.close()
    })
  }
})
