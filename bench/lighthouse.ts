import fs from 'node:fs'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import type { PetitionRow } from '../app/models/petition.server'
import type { BenchReport } from './lib/report'

const CHROMIUM = '/usr/bin/chromium'
const RUNS = 3
const TARGET = 0.95
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const

/**
 * Lighthouse (its default: a phone, simulated slow 4G and a 4× slower CPU)
 * on the petition page as a reader arriving from a shared link sees it.
 * Three runs; each category's median, since one run's performance score
 * moves with what else the machine is doing.
 */
export async function benchLighthouse({
  url,
  petition,
}: {
  url: string
  petition: PetitionRow
}): Promise<BenchReport | null> {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`  skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)
    return null
  }
  const page = `${url}/petitions/${petition.slug}`
  const scores: Record<string, number[]> = {}
  const metrics: string[] = []
  const failed: string[] = []
  for (let run = 0; run < RUNS;) {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'],
    })
    try {
      const result = await lighthouse(page, { port: chrome.port, logLevel: 'error' })
      const lhr = result!.lhr
      // Lighthouse could not measure (its trace lost the navigation: NO_NAVSTART): not a score of 0; run again.
      if (lhr.runtimeError) {
        failed.push(lhr.runtimeError.code)
        if (failed.length > RUNS) throw new Error(`Lighthouse failed ${failed.length} times`)
        continue
      }
      run++
      for (const category of CATEGORIES)
        (scores[category] ??= []).push(lhr.categories[category]?.score ?? 0)
      const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? 0)
      metrics.push(
        `run ${run}: FCP ${ms('first-contentful-paint')} ms, LCP ${ms('largest-contentful-paint')} ms, TBT ${ms('total-blocking-time')} ms, CLS ${(lhr.audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)}; ${scriptsBeforePaint(lhr)}`,
      )
    } finally {
      await chrome.kill()
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const medians = CATEGORIES.map((category) => [category, median(scores[category]!)] as const)
  return {
    title: 'Lighthouse, petition page (phone)',
    summary: medians.map(([category, score]) => `${category} ${score.toFixed(2)}`).join(' · '),
    target: `≥ ${TARGET} in every category`,
    met: medians.every(([, score]) => score >= TARGET),
    details: [
      `Lighthouse ${lighthouseVersion()} with its defaults (a phone, simulated throttling), Debian's Chromium headless; the median of ${RUNS} runs of ${page.replace(url, '')}`,
      `each run's scores: ${CATEGORIES.map((c) => `${c} ${scores[c]!.map((s) => s.toFixed(2)).join('/')}`).join('; ')}`,
      ...metrics,
      ...(failed.length > 0
        ? [`runs Lighthouse could not measure, run again: ${failed.join(', ')}`]
        : []),
    ],
  }
}

/**
 * How many of the page's scripts the unthrottled load had asked for before
 * its first paint: Lighthouse's simulated first paint counts those in
 * (the page's JavaScript is some thirty small module files), which is why
 * the same page's FCP moves from run to run.
 */
function scriptsBeforePaint(lhr: {
  audits: Record<string, { details?: unknown } | undefined>
}): string {
  const observed = (
    lhr.audits.metrics?.details as { items?: { observedFirstContentfulPaint?: number }[] }
  )?.items?.[0]?.observedFirstContentfulPaint
  const requests =
    (
      lhr.audits['network-requests']?.details as {
        items?: { resourceType?: string; networkRequestTime?: number }[]
      }
    )?.items ?? []
  const scripts = requests.filter((r) => r.resourceType === 'Script')
  if (observed === undefined) return `${scripts.length} scripts`
  const before = scripts.filter((r) => (r.networkRequestTime ?? Infinity) < observed).length
  return `${before} of ${scripts.length} scripts asked for before the unthrottled first paint (${Math.round(observed)} ms)`
}

function lighthouseVersion(): string {
  const file = new URL('../node_modules/lighthouse/package.json', import.meta.url)
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
}
