import net from 'node:net'
import { db } from '~/utils/db.server'

/**
 * Failed sign-ins are throttled per account and per client address: after
 * LIMITS.perAccount failures for one email (since its last success) or
 * LIMITS.perIp failures from one address within the window, further
 * attempts are refused until the oldest of those failures leaves the window.
 * Refused attempts are not recorded, so a lock-out ends on its own.
 */
export const LOGIN_LIMITS = { perAccount: 5, perIp: 20, windowMinutes: 15 } as const

export type LoginThrottle =
  { limited: false } | { limited: true; scope: 'account' | 'ip'; retryAfterSeconds: number }

export async function checkLoginThrottle({
  emailKey,
  ip,
}: {
  emailKey: string
  ip: string | null
}): Promise<LoginThrottle> {
  ip = validIp(ip)
  const window = `${LOGIN_LIMITS.windowMinutes} minutes`
  const [row] = await db()<{ accountUntil: Date | null; ipUntil: Date | null }[]>`
    select
      (select a.created_at + ${window}::interval from login_attempts a
        where a.email_canonical = ${emailKey} and not a.succeeded
          and a.created_at > now() - ${window}::interval
          and a.created_at > coalesce((select max(s.created_at) from login_attempts s
            where s.email_canonical = ${emailKey} and s.succeeded), '-infinity')
        order by a.created_at desc offset ${LOGIN_LIMITS.perAccount - 1} limit 1) as account_until,
      (select a.created_at + ${window}::interval from login_attempts a
        where ${ip}::inet is not null and a.ip = ${ip}::inet and not a.succeeded
          and a.created_at > now() - ${window}::interval
        order by a.created_at desc offset ${LOGIN_LIMITS.perIp - 1} limit 1) as ip_until`
  const seconds = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))
  if (row?.accountUntil)
    return { limited: true, scope: 'account', retryAfterSeconds: seconds(row.accountUntil) }
  if (row?.ipUntil) return { limited: true, scope: 'ip', retryAfterSeconds: seconds(row.ipUntil) }
  return { limited: false }
}

export async function recordLoginAttempt({
  emailKey,
  ip,
  succeeded,
}: {
  emailKey: string
  ip: string | null
  succeeded: boolean
}): Promise<void> {
  ip = validIp(ip)
  await db()`
    insert into login_attempts (email_canonical, ip, succeeded)
    values (${emailKey}, ${ip}::inet, ${succeeded})`
  // Keep the table small without a job: about one insert in fifty prunes.
  if (Math.random() < 0.02)
    await db()`delete from login_attempts where created_at < now() - interval '1 day'`
}

function validIp(ip: string | null): string | null {
  return ip && net.isIP(ip) ? ip : null
}
