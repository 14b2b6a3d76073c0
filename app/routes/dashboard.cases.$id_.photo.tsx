import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from '~/validation/zod'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Field, Notice } from '~/components/ui/field'
import { getCaseForOrganization } from '~/models/case.server'
import { getCasePhotoInfo } from '~/models/case-photo.server'
import { requireOrganizer } from '~/services/auth.server'
import { MAX_PHOTO_BYTES, removeCasePhoto, setCasePhoto } from '~/services/case-photo.server'
import { formErrorsFor, notFoundInOrganization } from '~/services/form-errors.server'
import { readImageUpload } from '~/utils/upload.server'
import { errorsByField } from '~/validation/dashboard'
import { text } from '~/validation/text'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Photo · ${d?.personName ?? 'Case'} · Vigil` },
]

const PhotoSchema = z.object({
  intent: z.enum(['upload', 'remove']),
  alt: text()
    .trim()
    .max(300, 'At most 300 characters.')
    .optional()
    .transform((v) => v ?? ''),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const kase = await getCaseForOrganization({ organizationId, caseId: params.id! })
  if (!kase) notFoundInOrganization('case')
  const photo = await getCasePhotoInfo(kase.id)
  return {
    id: kase.id,
    slug: kase.slug,
    personName: kase.personName,
    photo: photo && { ...photo, src: `/cases/${kase.slug}/photo.jpg?v=${photo.version}` },
    done: new URL(request.url).searchParams.get('done'),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const kase = await getCaseForOrganization({ organizationId, caseId: params.id! })
  if (!kase) notFoundInOrganization('case')
  const upload = await readImageUpload(request, MAX_PHOTO_BYTES)
  if ('error' in upload) return data({ errors: { photo: [upload.error] }, alt: '' }, 400)
  const parsed = PhotoSchema.safeParse(upload.fields)
  if (!parsed.success) return data({ errors: errorsByField(parsed.error), alt: '' }, 400)
  const { intent, alt } = parsed.data
  if (intent === 'remove') {
    await removeCasePhoto({ organizationId, caseId: kase.id })
    return redirect(`/dashboard/cases/${kase.id}/photo?done=removed`, 303)
  }
  if (!alt)
    return data({ errors: { alt: ['Describe the photo for people who cannot see it.'] }, alt }, 400)
  try {
    await setCasePhoto({ organizationId, caseId: kase.id, upload: upload.bytes, alt })
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, alt }, status)
  }
  return redirect(`/dashboard/cases/${kase.id}/photo?done=saved`, 303)
}

export default function CasePhotoPage() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as
    { errors: Record<string, string[]>; alt: string } | undefined
  return (
    <div className="dash narrow">
      <p className="eyebrow">
        <Link to={`/dashboard/cases/${d.id}`}>{d.personName}</Link>
      </p>
      <h1>Photo of {d.personName}</h1>
      <Notice
        message={
          d.done === 'saved' ? 'Photo saved.' : d.done === 'removed' ? 'Photo removed.' : null
        }
      />
      {d.photo ? (
        <p>
          <img
            className="person-photo"
            src={d.photo.src}
            alt={d.photo.alt}
            width={d.photo.width}
            height={d.photo.height}
          />
        </p>
      ) : (
        <p className="muted">No photo yet. The public pages show one once you add it.</p>
      )}
      <Form method="post" encType="multipart/form-data" noValidate className="panel">
        <input type="hidden" name="intent" value="upload" />
        <Field
          name="photo"
          label="Photo (JPEG, PNG, WebP or HEIC, up to 8 MB)"
          errors={result?.errors}
        >
          {(p) => <input {...p} type="file" accept="image/*" required />}
        </Field>
        <Field
          name="alt"
          label="Describe the photo"
          hint="Read aloud to people who cannot see it, e.g. “Marcus Dane smiling, in a grey sweater”."
          errors={result?.errors}
        >
          {(p) => (
            <input
              {...p}
              maxLength={300}
              required
              defaultValue={result?.alt ?? d.photo?.alt ?? ''}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          Save the photo
        </button>
      </Form>
      {d.photo ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove" />
          <button type="submit" className="button button--warn">
            Remove the photo
          </button>
        </Form>
      ) : null}
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
