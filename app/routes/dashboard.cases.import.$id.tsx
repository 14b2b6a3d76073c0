import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { ImportStatusView, importRefresh, importView } from '~/components/dashboard/import-status'
import { ImportNotInPreviewError } from '~/models/csv-import.server'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import {
  getCaseImport,
  previewCaseImportRows,
  startCaseImport,
} from '~/services/case-import.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: 'Cases import · Vigil' },
  ...importRefresh(d),
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const found = await getCaseImport({ organizationId, importId: params.id! })
  if (!found) notFoundInOrganization('import')
  const rows =
    found.status === 'preview'
      ? await previewCaseImportRows({ organizationId, importId: found.id })
      : []
  return { ...importView(found), rows }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  try {
    const confirmed = await startCaseImport({
      organizationId,
      importId: params.id!,
      actorId: userId,
    })
    if (!confirmed) notFoundInOrganization('import')
  } catch (error) {
    // Confirmed twice (a double click, a reload): the progress page is the answer.
    if (!(error instanceof ImportNotInPreviewError)) throw error
  }
  return redirect(`/dashboard/cases/import/${params.id}`, 303)
}

const COLUMNS = [
  { label: 'Person', cell: (r: Record<string, unknown>) => r.personName as string },
  { label: 'Case number', cell: (r: Record<string, unknown>) => r.caseNumber as string },
  { label: 'Jurisdiction', cell: (r: Record<string, unknown>) => r.jurisdiction as string },
  {
    label: 'Next date (UTC)',
    cell: (r: Record<string, unknown>) =>
      r.nextDate ? (r.nextDate as string).slice(0, 16).replace('T', ' ') : null,
  },
]

export default function CaseImportPreview() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/cases">Cases</Link> · <Link to="/dashboard/cases/import">Import</Link>
      </p>
      <h1>{d.status === 'preview' ? 'Check the import' : 'Importing cases'}</h1>
      {d.filename ? <p className="muted">{d.filename}</p> : null}
      <ImportStatusView
        view={d}
        noun="cases"
        againHref="/dashboard/cases/import"
        doneHref="/dashboard/watch"
        doneLabel="See the watch list"
        columns={COLUMNS}
        rows={d.rows as unknown as Record<string, unknown>[]}
      />
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
