/**
 * A Spanish reader from the first page to the confirmation mail and back
 * (issue 16): the browser asks for Spanish (Accept-Language), every page
 * answers in Spanish with <html lang="es">, the organizer's Spanish title
 * shows, the signature is confirmed from the Spanish mail read off the
 * in-process SMTP server, and the switch goes back to English and stays
 * there. The Spanish pages pass axe too.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { updatePetition } from '../../app/models/petition.server'
import { db } from '../../app/utils/db.server'
import { makePetition } from '../helpers/fixtures'
import { startTestServer, type TestServer } from '../helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from '../helpers/smtp'
import { hasChromium, launch, seriousViolations, skipReason } from './browser'

// A browser on a busy 2-core machine is slow to start and hydrate.
vi.setConfig({ testTimeout: 120_000 })

const TITLE_ES = 'Clemencia ya: que no se cumpla la ejecución'

describe.skipIf(!hasChromium)(`a Spanish reader in a browser${skipReason}`, () => {
  let browser: Browser
  let server: TestServer
  let smtp: SmtpSink

  beforeAll(async () => {
    smtp = await startSmtpSink()
    server = await startTestServer({ smtpUrl: smtp.url })
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await smtp?.close()
  })

  const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang)

  it('signs in Spanish from the first page, confirms from the Spanish mail, and switches back', async () => {
    const { petition, organization } = await makePetition()
    await updatePetition({
      organizationId: organization.id,
      petitionId: petition.id,
      changes: { titleEs: TITLE_ES },
    })
    const context = await browser.newContext({ locale: 'es-US' })
    const page = await context.newPage()
    const scriptErrors: string[] = []
    page.on('pageerror', (error) => scriptErrors.push(error.message))

    await page.goto(`${server.url}/`)
    expect(await htmlLang(page)).toBe('es')
    await page.getByRole('heading', { name: 'Cada nombre cuenta antes de la fecha' }).waitFor()
    await page.getByRole('link', { name: TITLE_ES }).click()
    await page.getByRole('heading', { name: TITLE_ES, level: 1 }).waitFor()
    await page.waitForFunction(() => '__remixRouter' in window)

    // Countries are named in Spanish (Intl), the same after hydration.
    expect(await page.locator('#sign-country option[value="MX"]').textContent()).toBe('México')
    // A mistake first: the message is Spanish, beside its field.
    await page.getByLabel('Nombre completo').fill('Lucía Hernández')
    await page.getByLabel('Correo electrónico', { exact: true }).fill('lucia@')
    await page.getByLabel('Código postal').fill('78701')
    await page.getByRole('button', { name: 'Firmar la petición' }).click()
    await page.getByText('Escriba un correo electrónico válido').waitFor()
    await page.getByLabel('Correo electrónico', { exact: true }).fill('lucia.browser@example.org')
    await page.getByRole('button', { name: 'Firmar la petición' }).click()
    await page.getByRole('heading', { name: 'Falta un paso: revise su correo' }).waitFor()
    const [stored] = await db()<{ language: string }[]>`
      select language from signatures where petition_id = ${petition.id}`
    expect(stored?.language).toBe('es')

    const mail = await smtp.waitForMail((m) => recipient(m) === 'lucia.browser@example.org')
    expect(mail.subject).toBe(`Confirme su firma: ${TITLE_ES}`)
    const link = /http:\/\/\S+\/confirm\/[A-Za-z0-9_-]+\?lang=es/.exec(mail.text ?? '')![0]
    await page.goto(link)
    expect(await htmlLang(page)).toBe('es')
    await page.getByRole('button', { name: 'Confirmar mi firma' }).click()
    await page.getByRole('heading', { name: 'Su firma está confirmada' }).waitFor()
    await page.getByRole('link', { name: 'Ver la petición' }).click()
    await page.getByRole('heading', { name: TITLE_ES, level: 1 }).waitFor()

    // Back to English with the switch; the choice outlasts the browser's Spanish.
    await page.getByRole('link', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Add your name' }).waitFor()
    expect(await htmlLang(page)).toBe('en')
    expect(await page.getByRole('heading', { name: petition.title, level: 1 }).isVisible()).toBe(
      true,
    )
    await page.goto(`${server.url}/`)
    await page.getByRole('heading', { name: 'Every name counts before the date' }).waitFor()
    expect(scriptErrors).toEqual([])
    await context.close()
  })

  it('shows English text inside a Spanish page marked lang="en" when there is no Spanish version', async () => {
    const { petition } = await makePetition()
    const context = await browser.newContext({ locale: 'es-US' })
    const page = await context.newPage()
    await page.goto(`${server.url}/petitions/${petition.slug}`)
    await page.getByRole('heading', { name: 'Añada su nombre' }).waitFor()
    expect(await page.locator('h1').getAttribute('lang')).toBe('en')
    expect(await page.locator('.petition__main .prose').getAttribute('lang')).toBe('en')
    await context.close()
  })

  it('has no serious accessibility violations on the Spanish pages', async () => {
    const { petition, case: kase } = await makePetition()
    const context = await browser.newContext({ locale: 'es-US' })
    const page = await context.newPage()
    for (const path of [
      '/',
      `/petitions/${petition.slug}`,
      `/petitions/${petition.slug}/thanks`,
      `/petitions/${petition.slug}/call`,
      `/cases/${kase.slug}`,
      `/embed/petitions/${petition.slug}`,
    ]) {
      await page.goto(`${server.url}${path}`)
      expect(await htmlLang(page)).toBe('es')
      const violations = await seriousViolations(page)
      expect(violations.map((v) => `${path}: ${v.id} — ${v.help}`)).toEqual([])
    }
    await context.close()
  })
})
