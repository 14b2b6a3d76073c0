/**
 * Deliverability (issue 4 item 7): every template in emails/, built into the
 * full message exactly as Vigil sends it (From, Reply-To, List-Unsubscribe,
 * text and HTML parts, through nodemailer's own composer), scores under 2.0
 * with SpamAssassin (Debian's package, offline: `spamassassin -L -t`).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import nodemailer from 'nodemailer'
import type { SendMailOptions } from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { render as renderAlreadySigned } from '../emails/already-signed'
import { render as renderCampaign } from '../emails/campaign'
import { render as renderConfirm } from '../emails/confirm-signature'
import { render as renderInvitation } from '../emails/invitation'
import { OUTCOME_TEMPLATES } from '../emails/outcome-updates'
import { OUTCOME_TEMPLATES_ES } from '../emails/outcome-updates-es'
import { render as renderOutreach } from '../emails/outreach'
import type { RenderedEmail } from '../emails/layout'
import { render as renderLetterDigest } from '../emails/letter-digest'
import { render as renderPasswordReset } from '../emails/password-reset'
import { render as renderMilestone } from '../emails/petition-milestone'
import { render as renderWatchDigest } from '../emails/watch-digest'
import { render as renderWebhookPaused } from '../emails/webhook-paused'
import { resetEnvCache } from '../app/utils/env.server'
import { fromAddress } from '../app/mail/transport.server'
import { compileMessage, renderMessage, SAMPLE_CONTEXT } from '../app/mail/templates.server'

const SPAMASSASSIN = '/usr/bin/spamassassin'
const skipReason = fs.existsSync(SPAMASSASSIN)
  ? ''
  : ` (skipped: ${SPAMASSASSIN} is missing; apt-get install spamassassin, as .ci/run does)`
const LIMIT = 2.0

const APP = 'https://vigil.texasclemency.org'
const ORGANIZATION = 'Texas Clemency Project'
const PETITION = 'Spare Marcus Reed'
const UNSUBSCRIBE = `${APP}/unsubscribe/3f9c2a7e-5b1d-4c8e-9a6f-2d7b1e0c4a55`
const savedMailFrom = process.env.MAIL_FROM

/** The List-Unsubscribe pair every supporter mail carries (RFC 8058). */
function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

/** A campaign message as a signer gets it: merged with realistic data, in the layout. */
function campaignMail(
  template: { subject: string; body: string } = {
    subject: '{{ case.days_left }} days left for {{ case.person_name }}',
    body: `Dear {{ supporter.first_name }},

Thank you for signing **{{ petition.title }}**. Together we are {{ petition.total_signatures }} people asking {{ official.title }} {{ official.name }} for mercy, and {{ case.next_date }} is close.

Two things would help now:

- Ask two friends to sign: {{ petition.url }}
- Call the governor's office and ask, politely, for a reprieve.

We will write again when there is news.

With gratitude,
The team at {{ organization.name }}`,
  },
): RenderedEmail {
  const compiled = compileMessage(template)
  const merged = renderMessage(compiled, {
    ...SAMPLE_CONTEXT,
    supporter: { first_name: 'Maria', name: 'Maria Lopez' },
    petition: { ...SAMPLE_CONTEXT.petition, title: PETITION, url: `${APP}/petitions/marcus-reed` },
    case: { ...SAMPLE_CONTEXT.case, person_name: 'Marcus Reed' },
    official: { name: 'Greg Abbott', title: 'Governor', greeting_name: 'Governor Greg Abbott' },
    organization: { name: ORGANIZATION },
  })
  return renderCampaign({
    ...merged,
    organizationName: ORGANIZATION,
    petitionTitle: PETITION,
    unsubscribeUrl: UNSUBSCRIBE,
  })
}

/** A letter to a governor delivering a petition, with the signers attached. */
function outreachMail(): RenderedEmail {
  const compiled = compileMessage({
    subject: 'Petition for {{ case.person_name }}: {{ petition.total_signatures }} signatures',
    body: `Dear {{ official.title }} {{ official.name }},

On behalf of the {{ petition.total_signatures }} people who signed "{{ petition.title }}", {{ organization.name }} delivers their petition to you, below.

Mr. Reed's clemency application is before the Board of Pardons and Paroles. We respectfully ask you to grant a 30-day reprieve so that the new evidence can be heard.

Respectfully,
Jordan Ellis
{{ organization.name }}`,
  })
  const { supporter: _none, ...context } = SAMPLE_CONTEXT
  const merged = renderMessage(compiled, {
    ...context,
    petition: { ...SAMPLE_CONTEXT.petition, title: PETITION, url: `${APP}/petitions/marcus-reed` },
    case: { ...SAMPLE_CONTEXT.case, person_name: 'Marcus Reed' },
    official: { name: 'Greg Abbott', title: 'Governor', greeting_name: 'Governor Greg Abbott' },
    organization: { name: ORGANIZATION },
  } as typeof SAMPLE_CONTEXT)
  return renderOutreach({
    ...merged,
    organizationName: ORGANIZATION,
    organizerName: 'Jordan Ellis',
    petition: {
      title: PETITION,
      bodyHtml:
        '<p>We ask Governor Abbott to grant Marcus Reed a reprieve so that the new evidence in his case can be heard.</p>',
      bodyText:
        'We ask Governor Abbott to grant Marcus Reed a reprieve so that the new evidence in his case can be heard.',
      url: `${APP}/petitions/marcus-reed`,
      signatureCount: 1234,
      goal: 5000,
    },
    case: {
      personName: 'Marcus Reed',
      caseNumber: 'WR-12,345-02',
      jurisdiction: 'Texas',
      nextDate: 'Thursday, December 3, 2026, 6:00 PM CST',
      nextDateLabel: 'Execution date',
    },
    attachmentName: 'marcus-reed-signers-2026-11-24.csv',
  })
}

/** Each template with realistic props and the envelope its sender gives it. */
const TEMPLATES: {
  name: string
  mail: () => RenderedEmail
  fromName: string
  to: string
  replyTo?: string
  headers: Record<string, string>
  attachments?: SendMailOptions['attachments']
}[] = [
  {
    name: 'confirm-signature',
    mail: () =>
      renderConfirm({
        name: 'Maria Lopez',
        petitionTitle: PETITION,
        personName: 'Marcus Reed',
        organizationName: ORGANIZATION,
        confirmUrl: `${APP}/confirm/9d2f4b7c1a8e4f3b9c6d2e1f0a7b5c3d`,
        unsubscribeUrl: UNSUBSCRIBE,
        expiresInDays: 7,
      }),
    fromName: ORGANIZATION,
    to: 'maria.lopez@example.org',
    headers: unsubscribeHeaders(UNSUBSCRIBE),
  },
  {
    name: 'already-signed',
    mail: () =>
      renderAlreadySigned({
        name: 'Maria Lopez',
        petitionTitle: PETITION,
        petitionUrl: `${APP}/petitions/marcus-reed`,
        organizationName: ORGANIZATION,
        unsubscribeUrl: UNSUBSCRIBE,
      }),
    fromName: ORGANIZATION,
    to: 'maria.lopez@example.org',
    headers: unsubscribeHeaders(UNSUBSCRIBE),
  },
  {
    name: 'password-reset',
    mail: () =>
      renderPasswordReset({
        name: 'Jordan Ellis',
        resetUrl: `${APP}/reset-password/c4e8a1f27b9d4e6a8f3c5b1d7e2a9f40`,
        expiresInMinutes: 60,
      }),
    fromName: 'Vigil',
    to: 'jordan.ellis@example.org',
    headers: {},
  },
  {
    name: 'invitation',
    mail: () =>
      renderInvitation({
        organizationName: ORGANIZATION,
        inviterName: 'Jordan Ellis',
        role: 'organizer',
        acceptUrl: `${APP}/invitations/7b3e9f1c2d4a4b8e9f6a1c3e5d7b9a2f`,
        expiresInDays: 7,
      }),
    fromName: ORGANIZATION,
    to: 'sam.okafor@example.org',
    headers: {},
  },
  {
    name: 'letter-digest',
    mail: () =>
      renderLetterDigest({
        organizationName: ORGANIZATION,
        officialName: 'Greg Abbott',
        officialTitle: 'Governor',
        petitionTitle: PETITION,
        petitionUrl: `${APP}/petitions/marcus-reed`,
        personName: 'Marcus Reed',
        totalSignatures: 4812,
        letterCount: 3,
        letters: [
          {
            signer: 'Maria L.',
            locality: 'Austin',
            date: 'November 23, 2026',
            text: 'Governor Abbott,\n\nI am writing to ask you to grant Marcus Reed a reprieve. New evidence about the trial deserves a full hearing before any date is kept.\n\nRespectfully,\nMaria',
          },
          {
            signer: 'James O.',
            locality: 'Houston',
            date: 'November 23, 2026',
            text: 'I served on a jury once. I know how much depends on every fact being heard. Please give the board time to review this case.',
          },
          {
            signer: 'Ruth K.',
            locality: null,
            date: 'November 24, 2026',
            text: 'Please show mercy and commute his sentence to life in prison.',
          },
        ],
        attachmentName: null,
        deadline: { kind: 'Execution date', date: 'Thursday, December 3, 2026 at 6:00 PM CST' },
        final: false,
      }),
    fromName: ORGANIZATION,
    to: 'governor@gov.texas.example',
    headers: {},
  },
  {
    name: 'petition-milestone',
    mail: () =>
      renderMilestone({
        organizationName: ORGANIZATION,
        petitionTitle: PETITION,
        personName: 'Marcus Reed',
        percent: 50,
        signatureCount: 2514,
        goal: 5000,
        dashboardUrl: `${APP}/dashboard/petitions/3f1c2a7e-5b8d-4e9f-a1c3-7d5e9b2f4a6c`,
        updateUrl: `${APP}/dashboard/messages/new?petitionId=3f1c2a7e-5b8d-4e9f-a1c3-7d5e9b2f4a6c`,
      }),
    fromName: 'Vigil',
    to: 'jordan.ellis@example.org',
    headers: {},
  },
  {
    name: 'watch-digest',
    mail: () =>
      renderWatchDigest({
        name: 'Jordan Ellis',
        organizationName: ORGANIZATION,
        days: 14,
        items: [
          {
            personName: 'Marcus Reed',
            jurisdiction: 'Texas',
            kind: 'Execution date',
            dateLabel: 'Thursday, December 3, 2026 at 6:00 PM CST',
            daysLeft: 4,
            flags: ['No outreach sent yet'],
            url: `${APP}/dashboard/cases/6a2d9f1e-3c4b-4d7e-8f9a-1b2c3d4e5f60`,
          },
        ],
        watchUrl: `${APP}/dashboard/watch`,
      }),
    fromName: ORGANIZATION,
    to: 'jordan.ellis@example.org',
    headers: {},
  },
  {
    name: 'webhook-paused',
    mail: () =>
      renderWebhookPaused({
        organizationName: ORGANIZATION,
        url: 'https://crm.texasclemency.org/hooks/vigil',
        failingSince: 'November 28, 2026 at 9:14 AM UTC',
        lastError: '503 Service Unavailable',
        pending: 42,
        webhookUrl: `${APP}/dashboard/webhooks/2b7e1c9d-4f3a-4e8b-9c1d-5a6f7e8d9c0b`,
      }),
    fromName: 'Vigil',
    to: 'jordan.ellis@example.org',
    headers: {},
  },
  {
    name: 'campaign',
    mail: () => campaignMail(),
    fromName: ORGANIZATION,
    to: 'maria.lopez@example.org',
    replyTo: 'Jordan Ellis <jordan@texasclemency.org>',
    headers: unsubscribeHeaders(UNSUBSCRIBE),
  },
  // Each outcome's signer update, sent as a campaign is.
  ...Object.entries(OUTCOME_TEMPLATES).map(([outcome, template]) => ({
    name: `outcome-updates:${outcome}`,
    mail: () => campaignMail(template),
    fromName: ORGANIZATION,
    to: 'maria.lopez@example.org',
    replyTo: 'Jordan Ellis <jordan@texasclemency.org>',
    headers: unsubscribeHeaders(UNSUBSCRIBE),
  })),
  // The same updates as Spanish signers get them.
  ...Object.entries(OUTCOME_TEMPLATES_ES).map(([outcome, template]) => ({
    name: `outcome-updates-es:${outcome}`,
    mail: () => campaignMail(template),
    fromName: ORGANIZATION,
    to: 'maria.lopez@example.org',
    replyTo: 'Jordan Ellis <jordan@texasclemency.org>',
    headers: unsubscribeHeaders(UNSUBSCRIBE),
  })),
  {
    name: 'outreach',
    mail: outreachMail,
    fromName: ORGANIZATION,
    to: 'Greg Abbott <governor@gov.texas.example>',
    replyTo: 'Jordan Ellis <jordan@texasclemency.org>',
    headers: {},
    attachments: [
      {
        filename: 'marcus-reed-signers-2026-11-24.csv',
        contentType: 'text/csv',
        content:
          'name,locality,postal_code,country,signed_at,comment\r\nMaria Lopez,Austin,78701,US,2026-11-20T14:03:11Z,"Mercy, please."\r\n',
      },
    ],
  },
]

/** The message as the SMTP transport would put it on the wire. */
async function compose(message: SendMailOptions): Promise<Buffer> {
  const stream = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'crlf',
  })
  const info = (await stream.sendMail(message)) as { message: Buffer }
  return info.message
}

function spamScore(raw: Buffer): Promise<{ score: number; report: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      SPAMASSASSIN,
      // Offline (-L) and test mode (-t); no auto-learning, so runs do not train the
      // Bayes database of whoever runs the tests on what they score.
      ['-L', '-t', '--cf=bayes_auto_learn 0'],
      { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout) => {
        if (error) return reject(error)
        const status = /^X-Spam-Status: (.*(?:\r?\n[ \t].*)*)/m.exec(stdout)?.[1] ?? ''
        const score = /score=(-?\d+(?:\.\d+)?)/.exec(status)?.[1]
        if (score === undefined) return reject(new Error(`No X-Spam-Status score in:\n${stdout}`))
        resolve({ score: Number(score), report: status.replace(/\s+/g, ' ') })
      },
    )
    child.stdin!.end(raw)
  })
}

describe.skipIf(skipReason !== '')(
  `SpamAssassin scores every template in emails/ under ${LIMIT}${skipReason}`,
  () => {
    beforeAll(() => {
      process.env.MAIL_FROM = 'Vigil <no-reply@mail.texasclemency.org>'
      resetEnvCache()
    })

    afterAll(() => {
      if (savedMailFrom === undefined) delete process.env.MAIL_FROM
      else process.env.MAIL_FROM = savedMailFrom
      resetEnvCache()
    })

    it('covers every template module', () => {
      const modules = fs
        .readdirSync(new URL('../emails/', import.meta.url))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'layout.ts')
        .map((f) => f.replace(/\.ts$/, ''))
      const covered = new Set(TEMPLATES.map((t) => t.name.split(':')[0]))
      expect([...covered].sort()).toEqual(modules.sort())
    })

    it(
      'scores a known spam message (GTUBE) far over the limit, so the check can fail',
      { timeout: 90_000 },
      async () => {
        const raw = await compose({
          from: fromAddress(ORGANIZATION),
          to: 'maria.lopez@example.org',
          subject: 'Test',
          text: 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X',
        })
        expect((await spamScore(raw)).score).toBeGreaterThan(100)
      },
    )

    for (const template of TEMPLATES) {
      it(`${template.name} scores under ${LIMIT}`, { timeout: 90_000 }, async () => {
        const { subject, html, text } = template.mail()
        const raw = await compose({
          from: fromAddress(template.fromName),
          to: template.to,
          ...(template.replyTo ? { replyTo: template.replyTo } : {}),
          subject,
          html,
          text,
          headers: template.headers,
          ...(template.attachments ? { attachments: template.attachments } : {}),
        })
        const { score, report } = await spamScore(raw)
        console.log(`spamassassin ${template.name}: ${score} (${report})`)
        expect(score, report).toBeLessThan(LIMIT)
      })
    }
  },
)
