import { attachCaseOfficial, createCase } from '../../app/models/case.server'
import { repairCount } from '../../app/models/count.server'
import { createOfficial } from '../../app/models/official.server'
import { ensureOrganization } from '../../app/models/organization.server'
import { createPetition, type PetitionRow } from '../../app/models/petition.server'
import { db } from '../../app/utils/db.server'

// A body of the length and shape organizers write, so the page bench renders
// real Markdown rather than one line.
const BODY = `The State plans to execute **Bench Example** in five days. The only witness
who placed him at the scene has since sworn that the police told her what to say.

We ask the Governor to grant a 30-day reprieve so that the courts can hear the new
evidence:

- the recantation of the State's key witness, under oath;
- DNA testing the defence asked for in 2011 and was refused;
- a juror's affidavit that the jury never saw the alibi timeline.

> Justice delayed is better than an irreversible mistake.

[Read the clemency application](https://example.org/clemency.pdf) and the
[court's docket](https://example.org/docket).`

let petitions = 0

/** One open petition of an invented case, as an organizer would set it up. */
export async function createBenchPetition({
  title = 'Grant Bench Example a reprieve',
}: { title?: string } = {}): Promise<PetitionRow> {
  petitions++
  const organization = await ensureOrganization({ name: 'Bench Advocacy Project' })
  const kase = await createCase({
    organizationId: organization.id,
    personName: 'Bench Example',
    caseNumber: `B-${String(petitions).padStart(4, '0')}`,
    jurisdiction: 'Texas',
    status: 'scheduled',
    nextDate: new Date(Date.now() + 5 * 86_400_000),
    nextDateKind: 'execution',
    timeZone: 'America/Chicago',
    summary: 'An invented case for the benchmarks.',
  })
  const governor = await createOfficial({
    organizationId: organization.id,
    name: 'Gov. Bench Example',
    title: 'Governor',
    office: 'Office of the Governor',
    email: `governor${petitions}@officials.example`,
  })
  await attachCaseOfficial({ caseId: kase.id, officialId: governor.id, role: 'governor' })
  return createPetition({
    organizationId: organization.id,
    caseId: kase.id,
    title,
    body: BODY,
    goal: 100_000,
    status: 'open',
    targetIds: [governor.id],
  })
}

/**
 * Turns some of the stored signatures into confirmed public ones, so the page
 * shows its signer list and a count as it would mid-campaign. Done in SQL:
 * confirming by token, one by one, would only slow the set-up.
 */
export async function confirmSomeSigners({
  petitionId,
  count,
}: {
  petitionId: string
  count: number
}): Promise<void> {
  await db()`
    update signatures set status = 'confirmed', public = true, confirmed_at = now(),
      locality = 'Austin'
    where id in (
      select id from signatures where petition_id = ${petitionId} and status = 'pending'
      order by created_at limit ${count})`
  await repairCount({ petitionId })
}

export async function signatureStatusCounts(petitionId: string): Promise<Record<string, number>> {
  const rows = await db()<{ status: string; n: number }[]>`
    select status, count(*)::int as n from signatures where petition_id = ${petitionId}
    group by status`
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

/** Waits until the mail queue is empty; returns the seconds it took, or null on timeout. */
export async function waitForMailQueue({
  timeoutMs,
}: {
  timeoutMs: number
}): Promise<number | null> {
  const started = Date.now()
  for (;;) {
    const [row] = await db()<{ n: number }[]>`
      select count(*)::int as n from outbound_emails where status in ('queued', 'sending')`
    if (row!.n === 0) return (Date.now() - started) / 1000
    if (Date.now() - started > timeoutMs) return null
    await new Promise((r) => setTimeout(r, 1000))
  }
}
