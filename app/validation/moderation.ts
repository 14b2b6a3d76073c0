import { z } from './zod'
import { LOCAL_DATE_TIME } from './time'

/** An IPv4 or IPv6 address, without a prefix. Pure: usable in the browser too. */
export function isIpAddress(value: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value))
    return true
  if (!value.includes(':') || !/^[0-9a-f:.]+$/i.test(value)) return false
  try {
    new URL(`http://[${value}]/`)
    return true
  } catch {
    return false
  }
}

/** `203.0.113.7`, `203.0.113.0/24` or `2001:db8::/32`. */
export function isIpOrCidr(value: string): boolean {
  const [address, prefix, extra] = value.split('/')
  if (extra !== undefined || !address || !isIpAddress(address)) return false
  if (prefix === undefined) return true
  if (!/^\d{1,3}$/.test(prefix)) return false
  return Number(prefix) <= (address.includes(':') ? 128 : 32)
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

/** `example.com`: a domain name as email addresses end. */
export function isEmailDomain(value: string): boolean {
  return DOMAIN.test(value)
}

const localDateTime = (label: string) =>
  z
    .string({ error: `Please enter ${label}.` })
    .trim()
    .regex(LOCAL_DATE_TIME, `Please enter ${label}.`)

/** The moderation forms of the signature list, by the criterion they use. */
export const ModerationSchema = z.discriminatedUnion('criterion', [
  z.object({
    criterion: z.literal('selection'),
    signatureIds: z.array(z.string()).min(1, 'Select at least one signature.'),
  }),
  z.object({
    criterion: z.literal('ip'),
    cidr: z
      .string({ error: 'Enter an IP address or a range.' })
      .trim()
      .refine(isIpOrCidr, 'Enter an IP address (203.0.113.7) or a range (203.0.113.0/24).'),
  }),
  z.object({
    criterion: z.literal('domain'),
    domain: z
      .string({ error: 'Enter an email domain.' })
      .trim()
      .toLowerCase()
      .transform((v) => v.replace(/^@/, ''))
      .refine((v) => DOMAIN.test(v), 'Enter a domain like example.com.'),
  }),
  z
    .object({
      criterion: z.literal('window'),
      from: localDateTime('the start of the window'),
      to: localDateTime('the end of the window'),
    })
    .refine((v) => v.from < v.to, {
      path: ['to'],
      message: 'The end must be after the start.',
    }),
])

export type ModerationInput = z.infer<typeof ModerationSchema>
