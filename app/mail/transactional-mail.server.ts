import { render as renderAlreadySigned } from '../../emails/already-signed'
import { render as renderConfirm } from '../../emails/confirm-signature'
import { render as renderInvitation } from '../../emails/invitation'
import { render as renderPasswordReset } from '../../emails/password-reset'
import { render as renderWatchDigest } from '../../emails/watch-digest'
import { render as renderMilestone } from '../../emails/petition-milestone'
import { getMilestoneMailContext } from '~/models/milestone.server'
import { render as renderWebhookPaused } from '../../emails/webhook-paused'
import type { RenderedEmail } from '../../emails/layout'
import { createInvitationToken, INVITATION_DAYS } from '~/models/invitation.server'
import type { OutboundEmail } from '~/models/outbound-email.server'
import {
  createPasswordResetToken,
  getPasswordResetMailContext,
  RESET_TOKEN_MINUTES,
} from '~/models/password-reset.server'
import {
  CONFIRMATION_TOKEN_DAYS,
  signatureMails,
  type SignatureMail,
  type SignatureMailRequest,
} from '~/models/confirmation.server'
import { getWatchDigestContext, listWatchItems } from '~/models/watch.server'
import { NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { WATCH_DIGEST_DAYS, watchFlags } from '~/domain/watch'
import { daysLeft, formatDateTime } from '~/utils/time'
import { getWebhookMailContext } from '~/models/webhook.server'
import { PermanentMailError } from './transport.server'
import { localized } from '~/domain/content-language'
import { DEFAULT_LANGUAGE } from '~/utils/i18n'
import { isUuid } from '~/utils/uuid'

/**
 * Mail to one person (confirmation, "you already signed", password reset,
 * invitation), rendered when it is sent from what the database says then:
 * a confirmed signer gets no stale confirmation. Each link's token is made
 * here, so only its hash is ever stored. See docs/decisions/007-transactional-mail.md.
 */

export interface TransactionalMail extends RenderedEmail {
  fromName: string
  headers: Record<string, string>
}

function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

type QueuedEmail = OutboundEmail & { id: string }

/** What a queued mail to a signer asks of the database; null for any other mail. */
function signatureMailRequest(email: QueuedEmail): SignatureMailRequest | null {
  if (!email.template.startsWith('signature.')) return null
  const signatureId = String(email.props.signatureId ?? '')
  if (!isUuid(signatureId)) return null
  return { rowId: email.id, signatureId, withLink: email.template === 'signature.confirm' }
}

/**
 * Signers' mails of a claimed batch, read (and their links made) in one
 * statement: each row's entry, null where its signature is gone. The
 * transactional sender hands it to composeTransactionalMail.
 */
export async function prepareSignatureMails(
  emails: QueuedEmail[],
): Promise<Map<string, SignatureMail | null>> {
  const requests = emails.flatMap((email) => signatureMailRequest(email) ?? [])
  const found = await signatureMails(requests)
  return new Map(requests.map(({ rowId }) => [rowId, found.get(rowId) ?? null]))
}

/**
 * The mail for a queued row; null when it is no longer needed. A signer's
 * mail is read from `prepared` (prepareSignatureMails) when its row is in
 * it, else from the database now.
 */
export async function composeTransactionalMail(
  email: QueuedEmail,
  appUrl: string,
  prepared?: Map<string, SignatureMail | null>,
): Promise<TransactionalMail | null> {
  if (email.template.startsWith('account.')) return composeAccountMail(email, appUrl)
  if (email.template === 'organizer.watch-digest') return composeWatchDigest(email, appUrl)
  if (email.template === 'petition.milestone') return composeMilestoneMail(email, appUrl)
  const request = signatureMailRequest(email)
  if (!request) throw new PermanentMailError(`No signature for ${email.template}`)
  const ctx = prepared?.has(email.id)
    ? prepared.get(email.id)
    : (await signatureMails([request])).get(email.id)
  if (!ctx) return null
  // In the language they signed in, and so are the pages its links open (decision 039).
  const language = ctx.language
  const lang = language === DEFAULT_LANGUAGE ? '' : `?lang=${language}`
  const petitionTitle = localized(ctx.petitionTitle, ctx.petitionTitleEs, language).text
  const unsubscribeUrl = `${appUrl}/unsubscribe/${ctx.unsubscribeToken}`
  const common = { fromName: ctx.organizationName, headers: unsubscribeHeaders(unsubscribeUrl) }
  switch (email.template) {
    case 'signature.confirm': {
      // Only an unconfirmed signature is sent a link; a held one gets no mail
      // until it is released (decision 026).
      if (ctx.status !== 'pending' || !ctx.confirmToken) return null
      const token = ctx.confirmToken
      return {
        ...common,
        ...renderConfirm({
          name: ctx.name,
          petitionTitle,
          personName: ctx.personName,
          organizationName: ctx.organizationName,
          confirmUrl: `${appUrl}/confirm/${token}${lang}`,
          unsubscribeUrl: `${unsubscribeUrl}${lang}`,
          expiresInDays: CONFIRMATION_TOKEN_DAYS,
          language,
        }),
      }
    }
    case 'signature.already-signed':
      return {
        ...common,
        ...renderAlreadySigned({
          name: ctx.name,
          petitionTitle,
          petitionUrl: `${appUrl}/petitions/${ctx.petitionSlug}${lang}`,
          organizationName: ctx.organizationName,
          unsubscribeUrl: `${unsubscribeUrl}${lang}`,
          language,
        }),
      }
    default:
      throw new PermanentMailError(`Unknown template ${String(email.template)}`)
  }
}

/** A milestone, to an organizer (decision 028): the count as it is when the mail leaves. */
async function composeMilestoneMail(
  email: OutboundEmail,
  appUrl: string,
): Promise<TransactionalMail | null> {
  const petition = await getMilestoneMailContext(String(email.props.petitionId ?? ''))
  if (!petition) return null
  const percent = Number(email.props.percent)
  const dashboardUrl = `${appUrl}/dashboard/petitions/${petition.petitionId}`
  return {
    fromName: 'Vigil',
    headers: {},
    ...renderMilestone({
      organizationName: petition.organizationName,
      petitionTitle: petition.title,
      personName: petition.personName,
      percent,
      signatureCount: petition.signatureCount,
      goal: Number(email.props.goal) || petition.goal,
      dashboardUrl: `${dashboardUrl}#milestones`,
      updateUrl: `${appUrl}/dashboard/messages/new?petitionId=${petition.petitionId}&milestone=${percent}`,
    }),
  }
}

/** Mail to organizers about their account: no List-Unsubscribe (it is not a list). */
async function composeAccountMail(
  email: OutboundEmail,
  appUrl: string,
): Promise<TransactionalMail | null> {
  switch (email.template) {
    case 'account.password-reset': {
      const userId = String(email.props.userId ?? '')
      const user = await getPasswordResetMailContext(userId)
      if (!user) return null
      const token = await createPasswordResetToken({ userId })
      return {
        fromName: 'Vigil',
        headers: {},
        ...renderPasswordReset({
          name: user.name,
          resetUrl: `${appUrl}/reset-password/${token}`,
          expiresInMinutes: RESET_TOKEN_MINUTES,
        }),
      }
    }
    case 'account.invitation': {
      const made = await createInvitationToken({
        invitationId: String(email.props.invitationId ?? ''),
      })
      if (!made) return null
      return {
        fromName: made.context.organizationName,
        headers: {},
        ...renderInvitation({
          ...made.context,
          acceptUrl: `${appUrl}/invitations/${made.token}`,
          expiresInDays: INVITATION_DAYS,
        }),
      }
    }
    case 'account.webhook-paused': {
      const webhookId = String(email.props.webhookId ?? '')
      const hook = await getWebhookMailContext(webhookId)
      // Resumed (or deleted) before the mail left: nothing to say.
      if (!hook || hook.status !== 'paused') return null
      return {
        fromName: 'Vigil',
        headers: {},
        ...renderWebhookPaused({
          organizationName: hook.organizationName,
          url: hook.url,
          failingSince: (hook.failingSince ?? new Date())
            .toISOString()
            .replace(/\.\d+Z$/, ' UTC')
            .replace('T', ' '),
          lastError: hook.lastError,
          pending: hook.pending,
          webhookUrl: `${appUrl}/dashboard/webhooks/${webhookId}`,
        }),
      }
    }
    default:
      throw new PermanentMailError(`Unknown template ${String(email.template)}`)
  }
}

/**
 * The daily watch list to one organizer, from the dates as they are when it
 * is sent; null when they left, turned it off, or no date remains.
 */
async function composeWatchDigest(
  email: OutboundEmail,
  appUrl: string,
): Promise<TransactionalMail | null> {
  const ctx = await getWatchDigestContext({
    userId: String(email.props.userId ?? ''),
    organizationId: email.organizationId ?? '',
  })
  if (!ctx) return null
  const now = new Date()
  const items = await listWatchItems({
    organizationId: ctx.organizationId,
    from: now,
    until: new Date(now.getTime() + WATCH_DIGEST_DAYS * 86_400_000),
  })
  if (items.length === 0) return null
  return {
    fromName: ctx.organizationName,
    headers: {},
    ...renderWatchDigest({
      name: ctx.name,
      organizationName: ctx.organizationName,
      days: WATCH_DIGEST_DAYS,
      watchUrl: `${appUrl}/dashboard/watch`,
      items: items.map((i) => ({
        personName: i.personName,
        jurisdiction: i.jurisdiction,
        kind: i.nextDateKind ? NEXT_DATE_KIND_LABELS[i.nextDateKind] : 'Next date',
        dateLabel: formatDateTime(i.nextDate, i.timeZone),
        daysLeft: daysLeft(i.nextDate, i.timeZone, now),
        flags: watchFlags(i, now),
        url: `${appUrl}/dashboard/cases/${i.id}`,
      })),
    }),
  }
}
