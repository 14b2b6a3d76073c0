import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'
import {
  createOfficialImport,
  IMPORT_COLUMNS,
  parseOfficialsCsv,
} from '~/models/official-import.server'
import { requireOrganizer } from '~/services/auth.server'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [{ title: 'Import officials · Vigil' }]

const MAX_BYTES = 10 * 1024 * 1024

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request)
  return { columns: IMPORT_COLUMNS.join(',') }
}

async function readUpload(request: Request): Promise<{ text: string; filename: string | null }> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('multipart/form-data')) {
    const form = await readForm(request)
    const text = form.get('csv')
    return { text: typeof text === 'string' ? text : '', filename: null }
  }
  const form = await unstable_parseMultipartFormData(
    request,
    unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }),
  )
  const file = form.get('file')
  const pasted = form.get('csv')
  if (file && typeof file !== 'string' && file.size > 0)
    return { text: await file.text(), filename: file.name || null }
  return { text: typeof pasted === 'string' ? pasted : '', filename: null }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  let upload: { text: string; filename: string | null }
  try {
    upload = await readUpload(request)
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return data({ errors: { file: ['The file is larger than 10 MB.'] } }, { status: 400 })
    if (error instanceof Response) throw error
    return data(
      { errors: { file: ['The upload could not be read. Please choose the file again.'] } },
      { status: 400 },
    )
  }
  if (!upload.text.trim())
    return data(
      { errors: { file: ['Choose a CSV file, or paste its contents.'] } },
      { status: 400 },
    )
  const parsed = parseOfficialsCsv(upload.text)
  if (parsed.fileError) return data({ errors: { file: [parsed.fileError] } }, { status: 400 })
  const created = await createOfficialImport({
    organizationId: organizer.organizationId,
    actorId: organizer.userId,
    filename: upload.filename,
    parsed,
  })
  return redirect(`/dashboard/officials/import/${created.id}`, 303)
}

export default function ImportOfficials() {
  const { columns } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { errors: Errors } | undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/officials">Officials</Link>
      </p>
      <h1>Import officials from CSV</h1>
      <div className="panel narrow-form">
        <p>
          The first line names the columns: <code>{columns}</code>. Only <code>name</code> is
          required. An official whose email is already in your directory is updated, not added
          twice. You will see every row&rsquo;s problems before anything is saved.
        </p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <ErrorSummary errors={actionData?.errors} />
          <Field name="file" label="CSV file" errors={actionData?.errors}>
            {(p) => <input {...p} type="file" accept=".csv,text/csv" />}
          </Field>
          <Field
            name="csv"
            label="…or paste the CSV"
            errors={actionData?.errors}
            hint="Used when no file is chosen."
          >
            {(p) => <textarea {...p} rows={6} spellCheck={false} className="mono" />}
          </Field>
          <button type="submit" className="button button--primary">
            Check the file
          </button>
        </Form>
      </div>
    </div>
  )
}
