import { render as renderAlreadySigned } from '../../emails/already-signed'
import { render as renderConfirm } from '../../emails/confirm-signature'
import { render as renderInvitation } from '../../emails/invitation'
import { render as renderPasswordReset } from '../../emails/password-reset'
import type { RenderedEmail } from '../../emails/layout'
import { createInvitationToken, INVITATION_DAYS } from '~/models/invitation.server'
import {
  claimDueEmails,
  markEmailFailed,
  markEmailSent,
  nextEmailDueAt,
  type OutboundEmail,
} from '~/models/outbound-email.server'
import {
  createPasswordResetToken,
  getPasswordResetMailContext,
  RESET_TOKEN_MINUTES,
} from '~/models/password-reset.server'
import {
  CONFIRMATION_TOKEN_DAYS,
  createConfirmationToken,
  getSignatureMailContext,
} from '~/models/signature.server'
import { env } from '~/utils/env.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import {
  fromAddress,
  isPermanentFailure,
  PermanentMailError,
  sendMail,
} from '~/mail/transport.server'

/**
 * The mail job: claims due outbound_emails rows in batches and sends them
 * through the shared SMTP pool. It is woken after each enqueue and by a
 * schedule; when rows are left (a big batch, or retries later) it wakes
 * itself for then.
 */
const BATCH = 50
const CONCURRENCY = 5

interface Prepared extends RenderedEmail {
  fromName: string
  headers: Record<string, string>
}

function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

/** Renders a message from what the database says now; null when it is no longer needed. */
async function prepare(email: OutboundEmail): Promise<Prepared | null> {
  const appUrl = env().appUrl
  if (email.template.startsWith('account.')) return prepareAccountMail(email, appUrl)
  const signatureId = String(email.props.signatureId ?? '')
  const ctx = await getSignatureMailContext(signatureId)
  if (!ctx) return null
  const unsubscribeUrl = `${appUrl}/unsubscribe/${ctx.unsubscribeToken}`
  const common = { fromName: ctx.organizationName, headers: unsubscribeHeaders(unsubscribeUrl) }
  switch (email.template) {
    case 'signature.confirm': {
      if (ctx.status !== 'pending' && ctx.status !== 'held') return null
      const token = await createConfirmationToken({ signatureId })
      return {
        ...common,
        ...renderConfirm({
          name: ctx.name,
          petitionTitle: ctx.petitionTitle,
          personName: ctx.personName,
          organizationName: ctx.organizationName,
          confirmUrl: `${appUrl}/confirm/${token}`,
          unsubscribeUrl,
          expiresInDays: CONFIRMATION_TOKEN_DAYS,
        }),
      }
    }
    case 'signature.already-signed':
      return {
        ...common,
        ...renderAlreadySigned({
          name: ctx.name,
          petitionTitle: ctx.petitionTitle,
          petitionUrl: `${appUrl}/petitions/${ctx.petitionSlug}`,
          organizationName: ctx.organizationName,
          unsubscribeUrl,
        }),
      }
    default:
      throw new PermanentMailError(`Unknown template ${String(email.template)}`)
  }
}

/**
 * Mail to organizers about their account: no List-Unsubscribe (it is not a
 * list). The link's token is made here, so only its hash is ever stored.
 */
async function prepareAccountMail(email: OutboundEmail, appUrl: string): Promise<Prepared | null> {
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
    default:
      throw new PermanentMailError(`Unknown template ${String(email.template)}`)
  }
}

async function deliver(email: OutboundEmail): Promise<void> {
  try {
    const message = await prepare(email)
    if (!message) {
      await markEmailSent({ id: email.id, messageId: 'skipped:no-longer-needed' })
      return
    }
    const info = await sendMail({
      from: fromAddress(message.fromName),
      to: email.toAddress,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers,
    })
    await markEmailSent({ id: email.id, messageId: info.messageId })
  } catch (error) {
    await markEmailFailed({
      id: email.id,
      error: (error as Error).message,
      permanent: isPermanentFailure(error),
      attempts: email.attempts,
      createdAt: email.createdAt,
    })
  }
}

/** Sends every due message; returns how many were attempted. */
export async function sendDueMail(): Promise<number> {
  let attempted = 0
  for (;;) {
    const batch = await claimDueEmails({ limit: BATCH })
    if (batch.length === 0) break
    attempted += batch.length
    const queue = [...batch]
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await deliver(next)
      }),
    )
  }
  const due = await nextEmailDueAt()
  if (due) {
    const seconds = Math.max(1, Math.ceil((due.getTime() - Date.now()) / 1000))
    await wake(QUEUES.mailOutbound, { startAfter: seconds, singletonKey: 'retry' })
  }
  return attempted
}
