import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ImportUpload } from '~/components/dashboard/import-upload'
import type { Errors } from '~/components/ui/field'
import {
  createOfficialImport,
  IMPORT_COLUMNS,
  parseOfficialsCsv,
} from '~/models/official-import.server'
import { requireOrganizer } from '~/services/auth.server'
import { readCsvUpload } from '~/utils/upload.server'

export const meta: MetaFunction = () => [{ title: 'Import officials · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request)
  return { columns: IMPORT_COLUMNS.join(',') }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const upload = await readCsvUpload(request)
  if ('error' in upload) return data({ errors: { file: [upload.error] } }, { status: 400 })
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
      <ImportUpload errors={actionData?.errors}>
        <p>
          The first line names the columns: <code>{columns}</code>. Only <code>name</code> is
          required. An official whose email is already in your directory is updated, not added
          twice. You will see every row&rsquo;s problems before anything is saved.
        </p>
      </ImportUpload>
    </div>
  )
}
