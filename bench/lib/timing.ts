/** The value below which `p` of the sorted samples fall (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[rank] ?? NaN
}

/** Times `count` sequential runs of `fn` after `warmup` untimed ones; milliseconds. */
export async function timeSequential(
  fn: () => Promise<void>,
  { count, warmup }: { count: number; warmup: number },
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await fn()
    samples.push(performance.now() - started)
  }
  return samples
}

export const ms = (n: number) => `${Math.round(n)} ms`
