import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { ImportStatusView, importRefresh, importView } from '~/components/dashboard/import-status'
import {
  getOfficialImport,
  ImportNotInPreviewError,
  previewImportRows,
} from '~/models/official-import.server'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { startOfficialImport } from '~/services/officials.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: 'Officials import · Vigil' },
  ...importRefresh(d),
]

const notFound: () => never = () => notFoundInOrganization('import')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const found = await getOfficialImport({ organizationId, importId: params.id! })
  if (!found) notFound()
  const rows =
    found.status === 'preview'
      ? await previewImportRows({ organizationId, importId: found.id })
      : []
  return { ...importView(found), rows }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  try {
    const confirmed = await startOfficialImport({ organizationId, importId: params.id! })
    if (!confirmed) notFound()
  } catch (error) {
    // Confirmed twice (a double click, a reload): the progress page is the answer.
    if (!(error instanceof ImportNotInPreviewError)) throw error
  }
  return redirect(`/dashboard/officials/import/${params.id}`, 303)
}

const COLUMNS = (['name', 'title', 'office', 'email'] as const).map((key) => ({
  label: key[0]!.toUpperCase() + key.slice(1),
  cell: (row: Record<string, unknown>) => (row[key] as string | null) ?? null,
}))

export default function ImportPreview() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/officials">Officials</Link> ·{' '}
        <Link to="/dashboard/officials/import">Import</Link>
      </p>
      <h1>{d.status === 'preview' ? 'Check the import' : 'Importing officials'}</h1>
      {d.filename ? <p className="muted">{d.filename}</p> : null}
      <ImportStatusView
        view={d}
        noun="officials"
        againHref="/dashboard/officials/import"
        doneHref="/dashboard/officials"
        doneLabel="See the officials"
        columns={COLUMNS}
        rows={d.rows as unknown as Record<string, unknown>[]}
      />
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
