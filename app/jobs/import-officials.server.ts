import { runOfficialImport } from '~/models/official-import.server'

/** Runs one confirmed officials CSV import, in batches that record progress. */
export async function importOfficialsJob({ importId }: { importId: string }): Promise<void> {
  await runOfficialImport({ importId })
}
