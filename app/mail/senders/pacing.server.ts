/**
 * How fast one worker process sends campaign mail: overall
 * (VIGIL_MAIL_RATE) and per recipient domain (VIGIL_MAIL_DOMAIN_RATE),
 * and the order that keeps one busy domain from holding up the others.
 * See docs/decisions/020-delivery-engine.md ("Rate").
 */

/** Spaces sends evenly at `perSecond` (no bursts); shared by every run in the process. */
export class RateLimiter {
  private next = 0
  constructor(private perSecond: number) {}

  setRate(perSecond: number) {
    this.perSecond = perSecond
  }

  async take(): Promise<void> {
    const now = Date.now()
    this.next = Math.max(this.next, now)
    const wait = this.next - now
    this.next += 1000 / this.perSecond
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

/**
 * One limiter per recipient domain: big mailbox providers throttle or
 * defer senders that burst, on top of the overall rate.
 */
export class DomainLimiters {
  private limiters = new Map<string, RateLimiter>()
  constructor(private perSecond: number) {}

  setRate(perSecond: number) {
    if (perSecond === this.perSecond) return
    this.perSecond = perSecond
    this.limiters.clear()
  }

  take(address: string): Promise<void> {
    const domain = recipientDomain(address)
    let domainLimiter = this.limiters.get(domain)
    if (!domainLimiter) {
      // Idle domains are forgotten now and then, so the map stays small at any audience size.
      if (this.limiters.size >= 10_000) this.limiters.clear()
      domainLimiter = new RateLimiter(this.perSecond)
      this.limiters.set(domain, domainLimiter)
    }
    return domainLimiter.take()
  }
}

function recipientDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase()
}

/**
 * The batch with its domains interleaved (a, b, c, a, b, c, …), so that
 * rows of a domain at its limit do not hold up the others behind them.
 */
export function interleaveByDomain<T extends { toAddress: string }>(rows: T[]): T[] {
  const byDomain = new Map<string, T[]>()
  for (const row of rows) {
    const domain = recipientDomain(row.toAddress)
    const list = byDomain.get(domain)
    if (list) list.push(row)
    else byDomain.set(domain, [row])
  }
  const lists = [...byDomain.values()]
  const out: T[] = []
  for (let i = 0; out.length < rows.length; i++)
    for (const list of lists) if (i < list.length) out.push(list[i]!)
  return out
}
