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
  for (let run = 0; run < RUNS; run++) {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'],
    })
    try {
      const result = await lighthouse(page, { port: chrome.port, logLevel: 'error' })
      const lhr = result!.lhr
      for (const category of CATEGORIES)
        (scores[category] ??= []).push(lhr.categories[category]?.score ?? 0)
      const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? 0)
      metrics.push(
        `run ${run + 1}: FCP ${ms('first-contentful-paint')} ms, LCP ${ms('largest-contentful-paint')} ms, TBT ${ms('total-blocking-time')} ms, CLS ${(lhr.audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)}`,
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
    ],
  }
}

function lighthouseVersion(): string {
  const file = new URL('../node_modules/lighthouse/package.json', import.meta.url)
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
}
