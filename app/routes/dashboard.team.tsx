import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from '~/validation/zod'
import { FormAlert, TextField, type FieldErrors } from '~/components/ui/text-field'
import {
  AlreadyMemberError,
  listPendingInvitations,
  revokeInvitation,
  type PendingInvitation,
} from '~/models/invitation.server'
import { LastAdminError, listMembers } from '~/models/user.server'
import { may } from '~/domain/permissions'
import { changeMembership, invite } from '~/services/accounts.server'
import { requireOrganizer } from '~/services/auth.server'
import { InviteSchema, RoleSchema } from '~/validation/auth'
import { fieldErrors } from '~/validation/signature'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [{ title: 'Team · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const isAdmin = may(organizer.role, 'manageTeam')
  const [members, invitations] = await Promise.all([
    listMembers({ organizationId: organizer.organizationId }),
    isAdmin
      ? listPendingInvitations({ organizationId: organizer.organizationId })
      : Promise.resolve<PendingInvitation[]>([]),
  ])
  const invited = new URL(request.url).searchParams.get('invited')
  return { members, invitations, isAdmin, invited, me: organizer.userId }
}

const RevokeSchema = z.object({ id: z.uuid() })
const MemberSchema = z.object({ userId: z.uuid(), role: RoleSchema.optional() })

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request, { may: 'manageTeam' })
  const form = await readForm(request)
  if (form.get('intent') === 'revoke-invitation') {
    const parsed = RevokeSchema.safeParse({ id: form.get('id') })
    const done =
      parsed.success &&
      (await revokeInvitation({ id: parsed.data.id, organizationId: organizer.organizationId }))
    if (!done) throw new Response('No such invitation.', { status: 404 })
    return redirect('/dashboard/team', 303)
  }
  if (form.get('intent') === 'change-role' || form.get('intent') === 'remove-member') {
    const parsed = MemberSchema.safeParse({
      userId: form.get('userId'),
      role: form.get('role') || undefined,
    })
    if (!parsed.success) throw new Response('No such member.', { status: 404 })
    const role = form.get('intent') === 'remove-member' ? null : (parsed.data.role ?? 'organizer')
    try {
      const found = await changeMembership({
        actorId: organizer.userId,
        organizationId: organizer.organizationId,
        userId: parsed.data.userId,
        role,
      })
      if (!found) throw new Response('No such member.', { status: 404 })
    } catch (error) {
      if (error instanceof LastAdminError)
        return data({ formError: error.message }, { status: 409 })
      throw error
    }
    return redirect('/dashboard/team', 303)
  }
  const values = { email: String(form.get('email') ?? ''), role: String(form.get('role') ?? '') }
  const parsed = InviteSchema.safeParse({
    email: form.get('email') ?? undefined,
    role: form.get('role') || undefined,
  })
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 })
  try {
    await invite({
      organizationId: organizer.organizationId,
      email: parsed.data.email,
      role: parsed.data.role,
      invitedBy: organizer.userId,
    })
  } catch (error) {
    if (error instanceof AlreadyMemberError)
      return data({ errors: { email: [error.message] }, values }, { status: 400 })
    throw error
  }
  return redirect(`/dashboard/team?${new URLSearchParams({ invited: parsed.data.email })}`, 303)
}

function formatDate(value: string | Date): string {
  return new Date(value).toISOString().slice(0, 10)
}

export default function Team() {
  const { members, invitations, isAdmin, invited, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    | { errors: FieldErrors; values: { email: string; role: string } }
    | { formError: string }
    | undefined
  const result = actionData && 'errors' in actionData ? actionData : undefined
  const formError = actionData && 'formError' in actionData ? actionData.formError : null
  const navigation = useNavigation()
  return (
    <section>
      <h1>Team</h1>
      <FormAlert message={formError} />
      {invited && !actionData ? (
        <p className="notice" role="status">
          Invitation sent to {invited}.
        </p>
      ) : null}
      <table className="table">
        <caption className="muted">Members of this organization</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            {isAdmin ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.name ?? '—'}
                {m.userId === me ? <span className="muted"> (you)</span> : null}
              </td>
              <td>{m.email}</td>
              <td>{m.role}</td>
              <td>{formatDate(m.joinedAt)}</td>
              {isAdmin ? (
                <td className="member-actions">
                  <Form method="post">
                    <input type="hidden" name="userId" value={m.userId} />
                    <input
                      type="hidden"
                      name="role"
                      value={m.role === 'admin' ? 'organizer' : 'admin'}
                    />
                    <button type="submit" name="intent" value="change-role" className="button">
                      {m.role === 'admin' ? 'Make organizer' : 'Make admin'}
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="userId" value={m.userId} />
                    <button
                      type="submit"
                      name="intent"
                      value="remove-member"
                      className="button"
                      aria-label={`Remove ${m.name ?? m.email} from the organization`}
                    >
                      Remove
                    </button>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin ? (
        <>
          <div className="panel">
            <h2>Invite someone</h2>
            <p className="muted">
              They get a mail with a link to set their name and password. The link works for a week.
            </p>
            <FormAlert
              message={result?.errors ? 'Please correct the fields marked below.' : null}
            />
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <TextField
                name="email"
                label="Email"
                type="email"
                required
                defaultValue={result?.values.email}
                errors={result?.errors}
              />
              <div className={`field${result?.errors?.role ? ' field--error' : ''}`}>
                <label htmlFor="field-role">Role</label>
                <select
                  id="field-role"
                  name="role"
                  defaultValue={result?.values.role || 'organizer'}
                >
                  <option value="organizer">Organizer</option>
                  <option value="admin">Admin (also manages the team)</option>
                </select>
                {result?.errors?.role ? (
                  <p className="field__error">{result.errors.role.join(' ')}</p>
                ) : null}
              </div>
              <button
                type="submit"
                className="button button--primary"
                disabled={navigation.state === 'submitting'}
              >
                Send the invitation
              </button>
            </Form>
          </div>
          {invitations.length > 0 ? (
            <table className="table">
              <caption className="muted">Pending invitations</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>{i.role}</td>
                    <td>{formatDate(i.expiresAt)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke-invitation" />
                        <input type="hidden" name="id" value={i.id} />
                        <button
                          type="submit"
                          className="button"
                          aria-label={`Withdraw the invitation to ${i.email}`}
                        >
                          Withdraw
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : (
        <p className="muted">An admin of this organization can invite more people.</p>
      )}
    </section>
  )
}
