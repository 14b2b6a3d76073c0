import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Notice } from '~/components/ui/field'
import { FormAlert, TextField, type FieldErrors } from '~/components/ui/text-field'
import { may } from '~/domain/permissions'
import { requireOrganizer } from '~/services/auth.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { getOrganizationContact, updateOrganizationContact } from '~/services/organization.server'
import { readForm } from '~/utils/form.server'
import { errorsByField, formObject } from '~/validation/dashboard'
import { OrganizationContactSchema } from '~/validation/organization'

export const meta: MetaFunction = () => [{ title: 'Organization · Dashboard · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const contact = await getOrganizationContact(organizer.organizationId)
  return {
    contact,
    canEdit: may(organizer.role, 'manageOrganization'),
    done: new URL(request.url).searchParams.get('done') === 'saved' ? 'Saved.' : null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const raw = formObject(await readForm(request)) as Record<string, string>
  const parsed = OrganizationContactSchema.safeParse(raw)
  if (!parsed.success) return data({ errors: errorsByField(parsed.error), values: raw }, 400)
  try {
    await updateOrganizationContact({
      organizationId: organizer.organizationId,
      role: organizer.role,
      ...parsed.data,
    })
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values: raw }, status)
  }
  return redirect('/dashboard/organization?done=saved', 303)
}

export default function OrganizationPage() {
  const { contact, canEdit, done } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as
    { errors: FieldErrors; values: Record<string, string> } | undefined
  const values = result?.values ?? {
    contactEmail: contact?.contactEmail ?? '',
    privacyUrl: contact?.privacyUrl ?? '',
  }
  return (
    <div className="dash narrow">
      <h1>{contact?.name ?? 'Organization'}</h1>
      <Notice message={done} />
      <section className="panel" aria-labelledby="contact-heading">
        <h2 id="contact-heading">Contact on public pages</h2>
        <p className="field__hint">
          Shown at the foot of your petitions and embeds, so signers know who to write to and how
          you treat their data.
        </p>
        <FormAlert message={result?.errors?.form?.join(' ')} />
        <Form method="post" noValidate>
          <fieldset disabled={!canEdit} className="fieldset">
            <legend className="visually-hidden">Contact</legend>
            <TextField
              name="contactEmail"
              label="Contact email"
              type="email"
              autoComplete="email"
              defaultValue={values.contactEmail}
              errors={result?.errors}
            />
            <TextField
              name="privacyUrl"
              label="Your privacy notice (web address)"
              type="url"
              defaultValue={values.privacyUrl}
              errors={result?.errors}
              hint="Optional. Vigil’s own privacy notice is always linked too."
            />
            <button type="submit" className="button button--primary">
              Save
            </button>
          </fieldset>
          {canEdit ? null : <p className="muted">Only an admin can change these.</p>}
        </Form>
      </section>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
