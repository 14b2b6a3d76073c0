import net from 'node:net'
import { db } from '~/utils/db.server'

/**
 * Sign-in throttling (decision 026), counted from the login_attempts rows
 * so every instance shares it. No stranger can lock a real organizer out:
 *
 * - failures from one address on one account (since that address last
 *   signed in to it), and from one address on any accounts, each allow a
 *   few tries, then every further try from that address waits, the wait
 *   doubling with each failure (30 s, 1 min, 2 min … at most 15 min);
 *   other addresses are not affected;
 * - failures on an account from everywhere never refuse anyone: past a
 *   threshold each try on it is only slowed (a short delay before the
 *   password is checked);
 * - a browser that has signed in to the account before (its signed device
 *   cookie names the account) is counted on its own, so neither a flood on
 *   the account nor a stranger on the same network can hold it up.
 */
export const LOGIN_LIMITS = {
  /** Failures from one address on one account before its tries wait. */
  perAccountAndIp: 5,
  /** Failures from one address on any accounts before its tries wait. */
  perIp: 20,
  /** Failures from a known browser on its account before its tries wait. */
  perDevice: 5,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
  /** How far back failures count. */
  windowMinutes: 60,
  /** Failures on an account from everywhere (last 15 minutes) before each try on it is slowed. */
  slowAfter: 10,
  delayStepMs: 250,
  maxDelayMs: 3000,
} as const

export type LoginThrottleScope = 'account-ip' | 'ip' | 'device'

export type LoginThrottle =
  | { limited: false; delayMs: number }
  | { limited: true; scope: LoginThrottleScope; retryAfterSeconds: number }

/** When a scope with `failures` recent failures, the latest at `last`, may try again. */
function tryAgainAt(failures: number, last: Date | null, allowed: number): number {
  if (!last || failures < allowed) return 0
  const doubling = Math.min(failures - allowed, 20)
  const wait = Math.min(LOGIN_LIMITS.firstWaitSeconds * 2 ** doubling, LOGIN_LIMITS.maxWaitSeconds)
  return last.getTime() + wait * 1000
}

interface Counts {
  pairN: number
  pairLast: Date | null
  ipN: number
  ipLast: Date | null
  deviceN: number
  deviceLast: Date | null
  accountN: number
}

export async function checkLoginThrottle({
  emailKey,
  ip,
  device = null,
}: {
  emailKey: string
  ip: string | null
  /** The known browser's id, when its device cookie names this account. */
  device?: string | null
}): Promise<LoginThrottle> {
  ip = validIp(ip)
  const window = `${LOGIN_LIMITS.windowMinutes} minutes`
  const [row] = await db()<Counts[]>`
    with pair as (
      select count(*)::int as n, max(a.created_at) as last from login_attempts a
      where ${device}::text is null and ${ip}::inet is not null
        and a.email_canonical = ${emailKey} and a.ip = ${ip}::inet and a.device is null
        and not a.succeeded and a.created_at > now() - ${window}::interval
        and a.created_at > coalesce((select max(s.created_at) from login_attempts s
          where s.email_canonical = ${emailKey} and s.ip = ${ip}::inet and s.device is null
            and s.succeeded), '-infinity')
    ), by_ip as (
      select count(*)::int as n, max(a.created_at) as last from login_attempts a
      where ${device}::text is null and ${ip}::inet is not null
        and a.ip = ${ip}::inet and a.device is null
        and not a.succeeded and a.created_at > now() - ${window}::interval
    ), by_device as (
      select count(*)::int as n, max(a.created_at) as last from login_attempts a
      where ${device}::text is not null
        and a.email_canonical = ${emailKey} and a.device = ${device}
        and not a.succeeded and a.created_at > now() - ${window}::interval
        and a.created_at > coalesce((select max(s.created_at) from login_attempts s
          where s.email_canonical = ${emailKey} and s.device = ${device} and s.succeeded),
          '-infinity')
    ), account as (
      select count(*)::int as n from login_attempts a
      where ${device}::text is null and a.email_canonical = ${emailKey} and a.device is null
        and not a.succeeded and a.created_at > now() - interval '15 minutes'
    )
    select pair.n as pair_n, pair.last as pair_last, by_ip.n as ip_n, by_ip.last as ip_last,
      by_device.n as device_n, by_device.last as device_last, account.n as account_n
    from pair, by_ip, by_device, account`
  const c = row!
  const now = Date.now()
  const waits: [LoginThrottleScope, number][] = [
    ['device', tryAgainAt(c.deviceN, c.deviceLast, LOGIN_LIMITS.perDevice)],
    ['account-ip', tryAgainAt(c.pairN, c.pairLast, LOGIN_LIMITS.perAccountAndIp)],
    ['ip', tryAgainAt(c.ipN, c.ipLast, LOGIN_LIMITS.perIp)],
  ]
  const [scope, until] = waits.reduce((a, b) => (b[1] > a[1] ? b : a))
  if (until > now)
    return { limited: true, scope, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) }
  const over = c.accountN - LOGIN_LIMITS.slowAfter + 1
  const delayMs = over > 0 ? Math.min(over * LOGIN_LIMITS.delayStepMs, LOGIN_LIMITS.maxDelayMs) : 0
  return { limited: false, delayMs }
}

export async function recordLoginAttempt({
  emailKey,
  ip,
  device = null,
  succeeded,
}: {
  emailKey: string
  ip: string | null
  device?: string | null
  succeeded: boolean
}): Promise<void> {
  ip = validIp(ip)
  await db()`
    insert into login_attempts (email_canonical, ip, device, succeeded)
    values (${emailKey}, ${ip}::inet, ${device}, ${succeeded})`
  // Keep the table small without a job: about one insert in fifty prunes.
  if (Math.random() < 0.02)
    await db()`delete from login_attempts where created_at < now() - interval '1 day'`
}

function validIp(ip: string | null): string | null {
  return ip && net.isIP(ip) ? ip : null
}
