import { z } from './zod'
import { isPublicMailDomain } from '~/domain/abuse'
import { ABUSE_RULE_KINDS } from '~/domain/states'
import { isEmailDomain, isIpOrCidr } from './moderation'
import { text } from './text'

const SOURCE_HINT =
  'Enter an IP address (203.0.113.7), a range (203.0.113.0/24) or an email domain (example.com).'

/** An address, a range or an email domain, as the block and allow lists and the one-click hold take it. */
export const SourceSchema = text({ error: SOURCE_HINT })
  .trim()
  .toLowerCase()
  .max(300, SOURCE_HINT)
  .transform((value, ctx): { cidr: string } | { domain: string } => {
    if (isIpOrCidr(value)) return { cidr: value }
    const domain = value.replace(/^@/, '')
    if (isEmailDomain(domain)) return { domain }
    ctx.addIssue({ code: 'custom', message: SOURCE_HINT })
    return z.NEVER
  })

/** A new entry of the organization's block or allow list (/dashboard/abuse). */
export const AbuseRuleSchema = z
  .object({
    kind: z.enum(ABUSE_RULE_KINDS, { error: 'Choose block or allow.' }),
    value: SourceSchema,
    note: text()
      .trim()
      .max(200, 'Keep the note under 200 characters.')
      .optional()
      .transform((v) => v || null),
  })
  .refine(
    (rule) =>
      !(rule.kind === 'block' && 'domain' in rule.value && isPublicMailDomain(rule.value.domain)),
    {
      path: ['value'],
      message:
        'Blocking a large public mail provider would hold every signer who uses it; block addresses instead.',
    },
  )

/** The one-click hold or release of a source on a petition's page. */
export const SourceActionSchema = z.object({
  intent: z.enum(['hold-source', 'release-source']),
  source: SourceSchema,
})
