import fs from 'node:fs'
import type { Machine } from './machine'

/** What one benchmark found, in a form both the console and BENCHMARKS.md can show. */
export interface BenchReport {
  title: string
  /** The headline figures, e.g. "412 req/s · p99 180 ms · 0 failures". */
  summary: string
  /** The target in words; null for a reference figure that has none. */
  target: string | null
  met: boolean | null
  /** Further figures and how they were obtained, one line each. */
  details: string[]
}

export function printReport(report: BenchReport): void {
  const verdict = report.met === null ? '' : report.met ? '  [target met]' : '  [TARGET MISSED]'
  console.log(`\n${report.title}\n  ${report.summary}${verdict}`)
  if (report.target) console.log(`  target: ${report.target}`)
  for (const line of report.details) console.log(`  ${line}`)
}

export function renderMarkdown({
  machine,
  reports,
  method,
}: {
  machine: Machine
  reports: BenchReport[]
  method: string[]
}): string {
  const met = (r: BenchReport) => (r.met === null ? '—' : r.met ? 'yes' : '**no**')
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`; run it again to refresh. Each figure is one run on the',
    'machine below, with the load generator on the same machine.',
    '',
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpus} CPUs (\`nproc\`), ${machine.memoryGiB} GiB memory, ${machine.cpuModel}`,
    `- Node ${machine.node}, PostgreSQL ${machine.postgres}`,
    `- Load average as the run began: ${machine.loadAverage} (other work on the machine)`,
    '',
    '| Benchmark | Result | Target | Met |',
    '| --- | --- | --- | --- |',
    ...reports.map((r) => `| ${r.title} | ${r.summary} | ${r.target ?? 'reference'} | ${met(r)} |`),
    '',
    '## How',
    '',
    ...method.map((m) => `- ${m}`),
    '',
    ...reports.flatMap((r) => [`## ${r.title}`, '', ...r.details.map((d) => `- ${d}`), '']),
  ]
  return lines.join('\n')
}

export function writeReport(file: string, markdown: string): void {
  fs.writeFileSync(file, markdown)
}
