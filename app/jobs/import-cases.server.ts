import { runCaseImport } from '~/services/case-import.server'

/** Runs one confirmed cases CSV import, in batches that record progress. */
export async function importCasesJob(data: {
  importId: string
  actorId?: string | null
}): Promise<void> {
  await runCaseImport(data)
}
