import { DomainError } from './errors'

/** A send asked for at a time already past, from a form: the organizer mistyped. */
export class SendTimePassedError extends DomainError {
  constructor() {
    const message = 'That time has passed. Choose a time to come, or send now.'
    super('invalid', message, { scheduled_at: [message] })
  }
}

/**
 * When a send asked for `at` goes, for campaigns and outreach alike: null
 * (now) when no time is given; the time itself when it is to come. A time
 * already past is refused from a form (SendTimePassedError) and sends now
 * from the API (docs/api.md).
 */
export function sendTime(
  at: Date | null,
  ifPast: 'refuse' | 'send-now',
  now = Date.now(),
): Date | null {
  if (!at || at.getTime() > now) return at
  if (ifPast === 'refuse') throw new SendTimePassedError()
  return null
}
