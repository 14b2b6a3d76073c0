import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ImportUpload } from '~/components/dashboard/import-upload'
import type { Errors } from '~/components/ui/field'
import { requireOrganizer } from '~/services/auth.server'
import { CASE_IMPORT_COLUMNS, createCaseImport, parseCasesCsv } from '~/services/case-import.server'
import { readCsvUpload } from '~/utils/upload.server'

export const meta: MetaFunction = () => [{ title: 'Import cases · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request)
  return { columns: CASE_IMPORT_COLUMNS.join(',') }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const upload = await readCsvUpload(request)
  if ('error' in upload) return data({ errors: { file: [upload.error] } }, { status: 400 })
  const parsed = parseCasesCsv(upload.text)
  if (parsed.fileError) return data({ errors: { file: [parsed.fileError] } }, { status: 400 })
  const created = await createCaseImport({
    organizationId: organizer.organizationId,
    actorId: organizer.userId,
    filename: upload.filename,
    parsed,
  })
  return redirect(`/dashboard/cases/import/${created.id}`, 303)
}

export default function ImportCases() {
  const { columns } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { errors: Errors } | undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/cases">Cases</Link> · <Link to="/dashboard/watch">Watch list</Link>
      </p>
      <h1>Import cases from CSV</h1>
      <ImportUpload errors={actionData?.errors}>
        <p>
          The first line names the columns: <code>{columns}</code>. <code>person_name</code>,{' '}
          <code>case_number</code> and <code>jurisdiction</code> are required. A row with the case
          number and jurisdiction of one of your cases updates it (an empty cell keeps what it has);
          any other row adds a case.
        </p>
        <p>
          <code>next_date</code> is a date and time: <code>2026-12-03 18:00</code> in the
          row&rsquo;s <code>time_zone</code> (default America/New_York), or with an offset,{' '}
          <code>2026-12-03T18:00:00-06:00</code>. You will see every row&rsquo;s problems before
          anything is saved.
        </p>
      </ImportUpload>
    </div>
  )
}
