/** Debian's Chromium driven by playwright-core; nothing is downloaded. */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = fs.existsSync(CHROMIUM)
export const skipReason = hasChromium
  ? ''
  : ` (skipped: ${CHROMIUM} is missing; apt-get install chromium, as .ci/run does)`

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** axe-core's WCAG 2.1 A/AA checks on the page as it stands; serious and critical only. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the browser's debugging protocol: the page's
  // Content-Security-Policy rightly refuses an injected script tag.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/**
 * Collects every Content-Security-Policy issue the browser raises on the
 * page from now on, as Lighthouse does: a refused `eval` probe shows no
 * console message, only an issue.
 */
export async function cspIssues(page: Page): Promise<string[]> {
  const issues: string[] = []
  const devtools = await page.context().newCDPSession(page)
  devtools.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue')
      issues.push(`${page.url()}: ${JSON.stringify(issue.details)}`)
  })
  await devtools.send('Audits.enable')
  return issues
}
