/**
 * The organizer dashboard over HTTP, as a person without JavaScript uses it:
 * create a case with its governor, open a petition, watch signatures on the
 * petition view, invalidate a burst from one IP and undo it, change the case
 * status (the timeline shows it), import officials from CSV, download the CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rollupCounts } from '../app/models/count.server'
import { db } from '../app/utils/db.server'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { eventually, startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'

let server: TestServer
let cookie: string
let organizationId: string

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  server = await startTestServer()
  const { user, organization } = await makeOrganizer({ organizationName: 'Dashboard Org' })
  organizationId = organization.id
  cookie = await signInCookie(server.url, { email: user.email })
})

afterAll(async () => {
  await server?.close()
})

/** Page text without React's `<!-- -->` separators between adjacent text parts. */
const clean = (html: string) => html.replace(/<!-- -->/g, '')

function get(path: string) {
  return fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
}

function post(path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields))
    for (const value of Array.isArray(v) ? v : [v]) body.append(k, value)
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    body,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
}

const CASE = {
  personName: 'Rosa Example',
  caseNumber: 'WR-1234',
  jurisdiction: 'Texas',
  court: 'Court of Criminal Appeals',
  status: 'scheduled',
  nextDate: '2026-12-03T18:00',
  nextDateKind: 'execution',
  timeZone: 'America/Chicago',
  summary: 'A **fictional** case.',
  sources: 'https://example.org/news/1',
}

describe('the organizer dashboard', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const res = await fetch(`${server.url}/dashboard/cases`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=%2Fdashboard%2Fcases/)
  })

  it('goes from a new case to a moderated petition and a CSV', async () => {
    // A case form with mistakes: 400, errors beside the fields, input kept.
    const bad = await post('/dashboard/cases/new', {
      ...CASE,
      personName: '',
      timeZone: 'Mars/Base',
      sources: 'not a link',
    })
    expect(bad.status).toBe(400)
    const badHtml = await bad.text()
    expect(badHtml).toContain('id="f-personName-error"')
    expect(badHtml).toMatch(
      /aria-invalid="true"[^>]*id="f-personName"|id="f-personName"[^>]*aria-invalid="true"/,
    )
    expect(badHtml).toContain('Choose a time zone from the list')
    expect(badHtml).toContain('Each line must be a full web address')
    expect(badHtml).toContain('value="WR-1234"')

    const created = await post('/dashboard/cases/new', CASE)
    expect(created.status).toBe(303)
    const caseId = created.headers.get('location')!.match(/cases\/([0-9a-f-]{36})/)![1]!
    const [row] = await db()<{ nextDate: Date }[]>`select next_date from cases where id = ${caseId}`
    // 6 PM in Chicago on Dec 3 is midnight UTC.
    expect(row!.nextDate.toISOString()).toBe('2026-12-04T00:00:00.000Z')
    const casePage = await (await get(`/dashboard/cases/${caseId}?done=created`)).text()
    expect(casePage).toContain('Case created.')
    expect(casePage).toContain('value="2026-12-03T18:00"')

    // The governor, added and attached as a decision maker.
    const official = await post('/dashboard/officials/new', {
      name: 'Gov. Example',
      title: 'Governor',
      email: 'governor@texas.example',
    })
    expect(official.status).toBe(303)
    const officialId = official.headers.get('location')!.match(/officials\/([0-9a-f-]{36})/)![1]!
    const found = await (await get(`/dashboard/cases/${caseId}?officialQuery=Gov.`)).text()
    expect(found).toContain('Gov. Example')
    const attached = await post(`/dashboard/cases/${caseId}`, {
      intent: 'attach',
      officialId,
      role: 'governor',
    })
    expect(attached.status).toBe(303)

    // A petition, opened at once; its targets default to the case's decision makers.
    const badPetition = await post('/dashboard/petitions/new', {
      caseId,
      title: '',
      goal: 'many',
      status: 'open',
    })
    expect(badPetition.status).toBe(400)
    const created2 = await post('/dashboard/petitions/new', {
      caseId,
      title: 'Spare Rosa',
      body: 'Please **spare** her.',
      goal: '500',
      status: 'open',
      letterDefault: '',
    })
    expect(created2.status).toBe(303)
    const petitionId = created2.headers.get('location')!.match(/petitions\/([0-9a-f-]{36})/)![1]!
    const targets = await db()<{ officialId: string }[]>`
      select official_id from petition_targets where petition_id = ${petitionId}`
    expect(targets.map((t) => t.officialId)).toEqual([officialId])

    // Signatures arrive, some from one address.
    const ctx = { petitionId, organizationId }
    await seedSignatures(ctx, [
      ...Array.from({ length: 6 }, (_, i) => ({ ip: `203.0.113.${i + 1}`, country: 'US' })),
      { ip: '198.51.100.4', status: 'pending' as const },
      { ip: '198.51.100.5', country: 'GB', postalCode: 'SW1A 1AA' },
    ])
    const view = await get(`/dashboard/petitions/${petitionId}`)
    expect(view.status).toBe(200)
    const viewHtml = await view.text()
    expect(viewHtml).toContain('<svg')
    expect(viewHtml).toMatch(/Confirmed<\/dt><dd class="stat__value">7</)
    expect(viewHtml).toMatch(/Pending<\/dt><dd class="stat__value">1</)
    expect(viewHtml).toContain('SW1A')

    // A burst from 203.0.113.0/24 invalidated, the count repaired, then undone.
    const badRange = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'ip',
      cidr: '203.0.113.0/99',
    })
    expect(badRange.status).toBe(400)
    expect(await badRange.text()).toContain('value="203.0.113.0/99"')
    const burst = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'ip',
      cidr: '203.0.113.0/24',
    })
    expect(burst.status).toBe(303)
    expect(burst.headers.get('location')).toContain('done=invalidated&n=6')
    await rollupCounts()
    const [count] = await db()<{ n: number }[]>`
      select signature_count as n from petitions where id = ${petitionId}`
    expect(count!.n).toBe(1)
    const list = await (await get(`/dashboard/petitions/${petitionId}/signatures`)).text()
    expect(list).toContain('IP 203.0.113.0/24')
    const [action] = await db()<{ id: string }[]>`
      select id from moderation_actions where petition_id = ${petitionId}`
    const undo = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'undo',
      actionId: action!.id,
    })
    expect(undo.headers.get('location')).toContain('done=undone&n=6')

    // Selection: one row by its checkbox.
    const [one] = await db()<{ id: string }[]>`
      select id from signatures where petition_id = ${petitionId} and host(ip) = '198.51.100.5'`
    const selected = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'selection',
      signatureIds: [one!.id],
    })
    expect(selected.headers.get('location')).toContain('n=1')
    const none = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'selection',
    })
    expect(none.status).toBe(400)

    // By email domain and by a time window read in the case's time zone.
    const domain = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'domain',
      domain: '@Nobody.Example',
    })
    expect(domain.headers.get('location')).toContain('done=none')
    const badWindow = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'window',
      from: '2026-11-02T10:00',
      to: '2026-11-01T10:00',
    })
    expect(badWindow.status).toBe(400)
    expect(await badWindow.text()).toContain('The end must be after the start.')
    const [early] = await db()<{ id: string }[]>`
      update signatures set created_at = '2026-10-20T15:30:00Z'
      where petition_id = ${petitionId} and host(ip) = '203.0.113.1' returning id`
    // 15:30Z on Oct 20 is 10:30 in Chicago (CDT, UTC−5): not within 09:00–10:00…
    const missed = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'window',
      from: '2026-10-20T09:00',
      to: '2026-10-20T10:00',
    })
    expect(missed.headers.get('location')).toContain('done=none')
    // …but within 10:00–11:00 there.
    const window = await post(`/dashboard/petitions/${petitionId}/signatures`, {
      intent: 'invalidate',
      criterion: 'window',
      from: '2026-10-20T10:00',
      to: '2026-10-20T11:00',
    })
    expect(window.headers.get('location')).toContain('done=invalidated&n=1')
    const [moved] = await db()<{ status: string }[]>`
      select status from signatures where id = ${early!.id}`
    expect(moved!.status).toBe('invalidated')

    // Search on the server.
    const searched = await (
      await get(`/dashboard/petitions/${petitionId}/signatures?q=seed&status=pending`)
    ).text()
    expect(clean(searched)).toContain('1 signatures match')

    // The case status changes; the timeline shows it with its note and source.
    const changed = await post(`/dashboard/cases/${caseId}`, {
      intent: 'update',
      ...CASE,
      status: 'stayed',
      note: 'Stay granted by the court.',
      sourceUrl: 'https://example.org/news/stay',
    })
    expect(changed.status).toBe(303)
    const timeline = await (await get(`/dashboard/cases/${caseId}`)).text()
    expect(timeline).toContain('Status: Execution scheduled → Stayed')
    expect(timeline).toContain('Stay granted by the court.')
    expect(timeline).toContain('https://example.org/news/stay')
    // Saving again without changing the date adds no date change.
    const events = await db()<{ kind: string }[]>`
      select kind from case_events where case_id = ${caseId}`
    expect(events.filter((e) => e.kind === 'date_changed')).toHaveLength(0)

    // Close and reopen.
    expect(
      (await post(`/dashboard/petitions/${petitionId}`, { intent: 'status', status: 'closed' }))
        .status,
    ).toBe(303)
    const reopened = await post(`/dashboard/petitions/${petitionId}`, {
      intent: 'status',
      status: 'open',
    })
    expect(reopened.headers.get('location')).toContain('done=open')
    const draft = await post(`/dashboard/petitions/${petitionId}`, {
      intent: 'status',
      status: 'draft',
    })
    expect(draft.status).toBe(409)

    // The CSV, with emails, streamed.
    const csv = await get(`/dashboard/petitions/${petitionId}/export`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toContain('attachment')
    const text = await csv.text()
    const lines = text.trim().split(/\r?\n/)
    expect(lines[0]).toBe('name,locality,postal_code,country,signed_at,comment,email')
    expect(lines).toHaveLength(1 + 5)

    // The home page lists it with its counts.
    const home = await (await get('/dashboard')).text()
    expect(home).toContain('Spare Rosa')
    expect(home).toContain('Rosa Example')
  })

  it('imports officials from CSV: a preview by line, then a job with progress', async () => {
    const lines = ['name,title,office,jurisdiction,email,phone']
    for (let i = 1; i <= 300; i++) lines.push(`Judge ${i},Judge,Court,Texas,judge${i}@example.org,`)
    lines.push(',Judge,Court,Texas,nobody@example.org,')
    lines.push('Bad Email,Judge,Court,Texas,not-an-email,')
    const form = new FormData()
    form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'judges.csv')
    const upload = await fetch(`${server.url}/dashboard/officials/import`, {
      method: 'POST',
      body: form,
      headers: { cookie },
      redirect: 'manual',
    })
    expect(upload.status).toBe(303)
    const previewPath = upload.headers.get('location')!
    const preview = clean(await (await get(previewPath)).text())
    expect(preview).toContain('judges.csv')
    expect(preview).toMatch(/<td>302<\/td><td>Name is missing.<\/td>/)
    expect(preview).toMatch(/<td>303<\/td><td>Email is not a valid address.<\/td>/)
    expect(preview).toContain('Import 300 officials')
    const [before] = await db()<{ n: number }[]>`
      select count(*)::int as n from officials where organization_id = ${organizationId}`

    const confirm = await post(previewPath, {})
    expect(confirm.status).toBe(303)
    const running = await (await get(previewPath)).text()
    expect(running).toMatch(/http-equiv="refresh"|Import finished/)
    const finished = await eventually(
      async () => {
        const html = clean(await (await get(previewPath)).text())
        return html.includes('Import finished.') ? html : undefined
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    )
    expect(finished).toContain('300 added')
    expect(finished).not.toContain('http-equiv="refresh"')
    const [after] = await db()<{ n: number }[]>`
      select count(*)::int as n from officials where organization_id = ${organizationId}`
    expect(after!.n - before!.n).toBe(300)

    const empty = await post('/dashboard/officials/import', { csv: '' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Choose a CSV file, or paste its contents.')
  })
})
