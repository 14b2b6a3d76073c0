/**
 * Every dashboard route, GET and POST, walked as organization A against
 * organization B's ids: each answers 404 (or, where A's own form names B's
 * ids, refuses them), nothing of B's appears on A's pages, and B's rows are
 * exactly as they were. A last test proves every dashboard route module was
 * walked, so a new route cannot be forgotten here.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addAbuseRule } from '../app/models/abuse.server'
import { createApiToken } from '../app/models/api-token.server'
import { attachCaseOfficial, createCase } from '../app/models/case.server'
import { createInvitation } from '../app/models/invitation.server'
import { createCampaign } from '../app/services/campaigns.server'
import { invalidateSignatures } from '../app/models/moderation.server'
import { createOfficialImport, parseOfficialsCsv } from '../app/models/official-import.server'
import { saveCallScript } from '../app/models/call-script.server'
import { createCalendarFeed } from '../app/models/calendar.server'
import { createCaseImport, parseCasesCsv } from '../app/services/case-import.server'
import { createOfficial } from '../app/models/official.server'
import { createOutreach } from '../app/services/outreaches.server'
import { createPetition } from '../app/models/petition.server'
import { addSuppression } from '../app/models/suppression.server'
import { createWebhook } from '../app/models/webhook.server'
import { db } from '../app/utils/db.server'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'

let server: TestServer
let cookie: string
const walked = new Set<string>()

/** Organization B's ids, and a word that appears in each of its names. */
const B = {
  secret: 'Zanzibar',
  organizationId: '',
  caseId: '',
  officialId: '',
  petitionId: '',
  signatureIds: [] as string[],
  actionId: '',
  importId: '',
  tokenId: '',
  invitationId: '',
  userId: '',
  messageId: '',
  suppressed: 'blocked@zanzibar.example',
  outreachId: '',
  digestId: '',
  caseImportId: '',
  abuseRuleId: '',
  webhookId: '',
}
/** Organization A's own, for posts that name B's ids inside A's resources. */
const A = { caseId: '', petitionId: '', organizationId: '', messageId: '', webhookId: '' }

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  server = await startTestServer({ worker: false })

  const a = await makeOrganizer({ organizationName: 'Organization A' })
  const b = await makeOrganizer({ organizationName: `Organization ${B.secret}` })
  A.organizationId = a.organization.id
  B.organizationId = b.organization.id
  B.userId = b.user.id
  cookie = await signInCookie(server.url, { email: a.user.email })

  const aCase = await createCase({
    organizationId: A.organizationId,
    personName: 'Alpha Person',
    jurisdiction: 'Ohio',
  })
  A.caseId = aCase.id
  A.petitionId = (
    await createPetition({
      organizationId: A.organizationId,
      caseId: aCase.id,
      title: 'Alpha petition',
      status: 'open',
    })
  ).id
  A.messageId = (
    await createCampaign({
      organizationId: A.organizationId,
      createdBy: a.user.id,
      subject: 'Alpha news',
      body: 'Hello {{ supporter.first_name }}',
      petitionIds: [A.petitionId],
    })
  ).id

  const bCase = await createCase({
    organizationId: B.organizationId,
    personName: `${B.secret} Person`,
    jurisdiction: 'Texas',
    status: 'scheduled',
  })
  B.caseId = bCase.id
  const official = await createOfficial({
    organizationId: B.organizationId,
    name: `${B.secret} Governor`,
    email: 'gov@zanzibar.example',
  })
  B.officialId = official.id
  await attachCaseOfficial({ caseId: bCase.id, officialId: official.id, role: 'governor' })
  B.petitionId = (
    await createPetition({
      organizationId: B.organizationId,
      caseId: bCase.id,
      title: `${B.secret} petition`,
      status: 'open',
    })
  ).id
  B.outreachId = (
    await createOutreach({
      organizationId: B.organizationId,
      createdBy: b.user.id,
      petitionId: B.petitionId,
      officialIds: [official.id],
      subject: `${B.secret} petition delivery`,
      body: 'Dear {{ official.name }}',
      attachSignersCsv: false,
      scheduledAt: new Date(Date.now() + 86_400_000),
    })
  ).id
  const ctx = { petitionId: B.petitionId, organizationId: B.organizationId }
  B.signatureIds = await seedSignatures(ctx, [
    { ip: '192.0.2.10', name: `${B.secret} Signer`, email: 'one@zanzibar.example' },
    { ip: '192.0.2.11', status: 'held', email: 'two@zanzibar.example' },
    { ip: '192.0.2.12', status: 'pending', email: 'three@zanzibar.example' },
  ])
  B.actionId = (await invalidateSignatures({
    ...ctx,
    criteria: { type: 'selection', signatureIds: [B.signatureIds[0]!] },
  }))!.actionId!
  B.importId = (
    await createOfficialImport({
      organizationId: B.organizationId,
      parsed: parseOfficialsCsv(`name,email\n${B.secret} Judge,judge@zanzibar.example`),
    })
  ).id
  B.caseImportId = (
    await createCaseImport({
      organizationId: B.organizationId,
      parsed: parseCasesCsv(`person_name,case_number,jurisdiction\n${B.secret} Person,Z-1,Texas`),
    })
  ).id
  await saveCallScript({
    organizationId: B.organizationId,
    caseId: B.caseId,
    role: null,
    body: `${B.secret} Person script`,
  })
  await createCalendarFeed({ organizationId: B.organizationId, actorId: b.user.id })
  await createApiToken({ userId: b.user.id, organizationId: B.organizationId, name: 'B token' })
  const [token] = await db()<{ id: string }[]>`
    select id from api_tokens where organization_id = ${B.organizationId}`
  B.tokenId = token!.id
  await addAbuseRule({
    organizationId: B.organizationId,
    kind: 'block',
    target: { domain: 'zanzibar-spam.example' },
    note: `${B.secret} block`,
  })
  const [rule] = await db()<{ id: string }[]>`
    select id from abuse_rules where organization_id = ${B.organizationId}`
  B.abuseRuleId = rule!.id
  B.messageId = (
    await createCampaign({
      organizationId: B.organizationId,
      createdBy: b.user.id,
      subject: `${B.secret} campaign`,
      body: 'Hello {{ supporter.first_name }}',
      petitionIds: [B.petitionId],
    })
  ).id
  await addSuppression({ organizationId: B.organizationId, email: B.suppressed })
  // A failed letter digest of B's, that only B may send again.
  const [digest] = await db()<{ id: string }[]>`
    insert into letter_digests (petition_id, official_id, kind, window_end, letter_count,
      to_address, status, last_error)
    values (${B.petitionId}, ${B.officialId}, 'scheduled', now(), 1, 'gov@zanzibar.example',
      'failed', '550 Mailbox unavailable')
    returning id`
  B.digestId = digest!.id
  const hook = { events: ['case.updated' as const], secret: 'whsec_dGVzdA==', createdBy: null }
  B.webhookId = (
    await createWebhook({
      ...hook,
      organizationId: B.organizationId,
      url: 'https://hooks.zanzibar.example/vigil',
    })
  ).id
  A.webhookId = (
    await createWebhook({
      ...hook,
      organizationId: A.organizationId,
      url: 'https://a.example/hook',
    })
  ).id
  B.invitationId = (
    await createInvitation({
      organizationId: B.organizationId,
      email: 'invitee@zanzibar.example',
      role: 'organizer',
      invitedBy: b.user.id,
    })
  ).id
})

afterAll(async () => {
  await server?.close()
})

/** Everything of B's, to compare before and after A's attempts. */
async function snapshotB() {
  const sql = db()
  const org = B.organizationId
  return {
    cases: await sql`select * from cases where organization_id = ${org} order by id`,
    events: await sql`select e.* from case_events e join cases c on c.id = e.case_id
      where c.organization_id = ${org} order by e.id`,
    officials: await sql`select * from officials where organization_id = ${org} order by id`,
    caseOfficials: await sql`select co.* from case_officials co join cases c on c.id = co.case_id
      where c.organization_id = ${org} order by co.official_id`,
    petitions: await sql`select * from petitions where organization_id = ${org} order by id`,
    partners: await sql`select * from petition_partners where petition_id = ${B.petitionId}`,
    targets: await sql`select t.* from petition_targets t join petitions p on p.id = t.petition_id
      where p.organization_id = ${org} order by t.official_id`,
    signatures: await sql`select id, status, status_before_invalidation from signatures
      where petition_id = ${B.petitionId} order by id`,
    actions: await sql`select * from moderation_actions where organization_id = ${org} order by id`,
    imports: await sql`select id, status, processed_rows from official_imports
      where organization_id = ${org}`,
    tokens: await sql`select id, revoked_at from api_tokens where organization_id = ${org}`,
    invitations: await sql`select * from invitations where organization_id = ${org}`,
    outreaches: await sql`select o.*, d.status as delivery_status from outreaches o
      join outreach_deliveries d on d.outreach_id = o.id where o.organization_id = ${org}`,
    memberships: await sql`select * from memberships where organization_id = ${org}`,
    deltas: await sql`select petition_id, delta from petition_count_deltas
      where petition_id = ${B.petitionId} order by id`,
    messages: await sql`select * from messages where organization_id = ${org} order by id`,
    messageTargets: await sql`select t.* from message_targets t
      join messages m on m.id = t.message_id where m.organization_id = ${org}`,
    deliveries: await sql`select d.* from message_deliveries d
      join messages m on m.id = d.message_id where m.organization_id = ${org}`,
    suppressions: await sql`select * from suppressions where organization_id = ${org}`,
    abuseRules: await sql`select * from abuse_rules where organization_id = ${org}`,
    letterDigests: await sql`select * from letter_digests where petition_id = ${B.petitionId}`,
    caseImports: await sql`select id, status, processed_rows from case_imports
      where organization_id = ${org}`,
    callScripts: await sql`select * from call_scripts where organization_id = ${org}`,
    calls: await sql`select * from calls where petition_id = ${B.petitionId}`,
    clemency: await sql`select * from clemency_overrides where organization_id = ${org}`,
    calendars: await sql`select id, revoked_at from calendar_feeds where organization_id = ${org}`,
    organization: await sql`select * from organizations where id = ${org}`,
    webhooks: await sql`select * from webhooks where organization_id = ${org}`,
    webhookEvents: await sql`select * from webhook_events where organization_id = ${org}`,
  }
}

const clean = (html: string) => html.replace(/<!-- -->/g, '')

/** B's names and addresses as they would appear on a page (a search box may echo the word). */
function leaked(body: string): string | undefined {
  const names = ['Person', 'Governor', 'petition', 'Signer', 'Judge', 'campaign'].map(
    (n) => `${B.secret} ${n}`,
  )
  return [...names, `Organization ${B.secret}`, 'zanzibar.example'].find((s) => body.includes(s))
}

async function get(route: string, url: string) {
  walked.add(route)
  const res = await fetch(`${server.url}${url}`, { headers: { cookie }, redirect: 'manual' })
  return { status: res.status, body: clean(await res.text()) }
}

async function post(route: string, url: string, fields: Record<string, string | string[]>) {
  walked.add(route)
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields))
    for (const value of Array.isArray(v) ? v : [v]) body.append(k, value)
  const res = await fetch(`${server.url}${url}`, {
    method: 'POST',
    body,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
  return { status: res.status, body: clean(await res.text()) }
}

describe("organization A cannot read or change organization B's dashboard data", () => {
  it("answers 404 to every page that names one of B's ids", async () => {
    const pages: [string, string][] = [
      ['dashboard.cases.$id', `/dashboard/cases/${B.caseId}`],
      ['dashboard.officials.$id', `/dashboard/officials/${B.officialId}`],
      ['dashboard.officials.import.$id', `/dashboard/officials/import/${B.importId}`],
      ['dashboard.petitions.$id', `/dashboard/petitions/${B.petitionId}`],
      ['dashboard.petitions.$id_.edit', `/dashboard/petitions/${B.petitionId}/edit`],
      ['dashboard.petitions.$id_.signatures', `/dashboard/petitions/${B.petitionId}/signatures`],
      ['dashboard.petitions.$id_.export', `/dashboard/petitions/${B.petitionId}/export`],
      ['dashboard.petitions.$id_.packet[.pdf]', `/dashboard/petitions/${B.petitionId}/packet.pdf`],
      ['dashboard.messages.$id', `/dashboard/messages/${B.messageId}`],
      ['dashboard.outreaches.$id', `/dashboard/outreaches/${B.outreachId}`],
      ['dashboard.outreaches.new', `/dashboard/outreaches/new?petition=${B.petitionId}`],
      ['dashboard.petitions.$id_.letters', `/dashboard/petitions/${B.petitionId}/letters`],
      ['dashboard.petitions.$id_.calls', `/dashboard/petitions/${B.petitionId}/calls`],
      ['dashboard.cases.$id_.scripts', `/dashboard/cases/${B.caseId}/scripts`],
      ['dashboard.cases.import.$id', `/dashboard/cases/import/${B.caseImportId}`],
      ['dashboard.webhooks.$id', `/dashboard/webhooks/${B.webhookId}`],
      ['dashboard.cases.$id_.photo', `/dashboard/cases/${B.caseId}/photo`],
      ['dashboard.$', `/dashboard/cases/${B.caseId}/no-such-page`],
      // A is no partner of B's petition (decision 043): neither side's partner pages.
      ['dashboard.petitions.$id_.partners', `/dashboard/petitions/${B.petitionId}/partners`],
      ['dashboard.partners.$id', `/dashboard/partners/${B.petitionId}`],
      ['dashboard.partners.$id_.export', `/dashboard/partners/${B.petitionId}/export`],
    ]
    for (const [route, url] of pages) {
      const res = await get(route, url)
      expect(res.status, url).toBe(404)
      expect(leaked(res.body), url).toBeUndefined()
    }
    // Ids that are not ids at all are 404 too, never 500.
    for (const url of [
      '/dashboard/cases/nope',
      '/dashboard/petitions/1/signatures',
      '/dashboard/messages/nope',
    ]) {
      expect((await get('malformed', url)).status, url).toBe(404)
    }
  })

  it("shows none of B's data on A's own pages", async () => {
    const pages: [string, string][] = [
      ['dashboard._index', '/dashboard'],
      ['dashboard.cases._index', '/dashboard/cases?q=Zanzibar'],
      ['dashboard.cases._index', '/dashboard/cases'],
      ['dashboard.cases.new', '/dashboard/cases/new'],
      ['dashboard.cases.$id', `/dashboard/cases/${A.caseId}?officialQuery=Zanzibar`],
      ['dashboard.officials._index', '/dashboard/officials?q=zanzibar'],
      ['dashboard.officials.new', '/dashboard/officials/new'],
      ['dashboard.officials.import._index', '/dashboard/officials/import'],
      ['dashboard.petitions._index', '/dashboard/petitions'],
      ['dashboard.petitions.new', '/dashboard/petitions/new'],
      ['dashboard.petitions.$id', `/dashboard/petitions/${A.petitionId}`],
      ['dashboard.petitions.$id_.edit', `/dashboard/petitions/${A.petitionId}/edit`],
      ['dashboard.petitions.$id_.signatures', `/dashboard/petitions/${A.petitionId}/signatures`],
      ['dashboard.petitions.$id_.export', `/dashboard/petitions/${A.petitionId}/export`],
      ['dashboard.petitions.$id_.packet[.pdf]', `/dashboard/petitions/${A.petitionId}/packet.pdf`],
      ['dashboard.petitions.$id_.letters', `/dashboard/petitions/${A.petitionId}/letters`],
      ['dashboard.tokens', '/dashboard/tokens'],
      ['dashboard.team', '/dashboard/team'],
      ['dashboard.messages._index', '/dashboard/messages'],
      ['dashboard.messages.new', '/dashboard/messages/new'],
      ['dashboard.messages.$id', `/dashboard/messages/${A.messageId}`],
      ['dashboard.suppressions', '/dashboard/suppressions'],
      ['dashboard.suppressions', '/dashboard/suppressions?q=zanzibar'],
      ['dashboard.abuse', '/dashboard/abuse'],
      ['dashboard.outreaches._index', '/dashboard/outreaches'],
      ['dashboard.outreaches.new', '/dashboard/outreaches/new'],
      ['dashboard.outreaches.new', `/dashboard/outreaches/new?petition=${A.petitionId}`],
      ['dashboard.watch', '/dashboard/watch'],
      ['dashboard.clemency', '/dashboard/clemency'],
      ['dashboard.cases.import._index', '/dashboard/cases/import'],
      ['dashboard.petitions.$id_.calls', `/dashboard/petitions/${A.petitionId}/calls`],
      ['dashboard.cases.$id_.scripts', `/dashboard/cases/${A.caseId}/scripts`],
      ['dashboard.webhooks._index', '/dashboard/webhooks'],
      ['dashboard.webhooks.$id', `/dashboard/webhooks/${A.webhookId}`],
      ['dashboard.export', '/dashboard/export'],
      ['dashboard.privacy', '/dashboard/privacy'],
      ['dashboard.audit', '/dashboard/audit'],
      ['dashboard.organization', '/dashboard/organization'],
      ['dashboard.cases.$id_.photo', `/dashboard/cases/${A.caseId}/photo`],
      ['dashboard.partners._index', '/dashboard/partners'],
      ['dashboard.petitions.$id_.partners', `/dashboard/petitions/${A.petitionId}/partners`],
    ]
    for (const [route, url] of pages) {
      const res = await get(route, url)
      expect(res.status, url).toBe(200)
      expect(leaked(res.body), url).toBeUndefined()
    }
  })

  it("answers 404 to every form post that names one of B's ids, and changes nothing", async () => {
    const before = await snapshotB()
    const caseForm = {
      intent: 'update',
      personName: 'Taken Over',
      jurisdiction: 'Nowhere',
      status: 'executed',
      timeZone: 'UTC',
      note: 'hijack',
    }
    const posts: [string, string, Record<string, string | string[]>][] = [
      ['dashboard.cases.$id', `/dashboard/cases/${B.caseId}`, caseForm],
      [
        'dashboard.cases.$id',
        `/dashboard/cases/${B.caseId}`,
        { intent: 'attach', officialId: B.officialId, role: 'judge' },
      ],
      [
        'dashboard.cases.$id',
        `/dashboard/cases/${B.caseId}`,
        { intent: 'detach', officialId: B.officialId },
      ],
      [
        'dashboard.officials.$id',
        `/dashboard/officials/${B.officialId}`,
        { name: 'Taken Over', email: 'x@example.org' },
      ],
      ['dashboard.officials.import.$id', `/dashboard/officials/import/${B.importId}`, {}],
      ['dashboard.cases.import.$id', `/dashboard/cases/import/${B.caseImportId}`, {}],
      [
        'dashboard.cases.$id_.scripts',
        `/dashboard/cases/${B.caseId}/scripts`,
        { role: '', body: 'Taken over' },
      ],
      ['dashboard.cases.$id_.photo', `/dashboard/cases/${B.caseId}/photo`, { intent: 'remove' }],
      [
        'dashboard.petitions.$id',
        `/dashboard/petitions/${B.petitionId}`,
        { intent: 'status', status: 'closed' },
      ],
      [
        'dashboard.petitions.$id',
        `/dashboard/petitions/${B.petitionId}`,
        { intent: 'raise-goal', goal: '100000' },
      ],
      [
        'dashboard.petitions.$id_.edit',
        `/dashboard/petitions/${B.petitionId}/edit`,
        { title: 'Taken Over', body: '', goal: '5' },
      ],
      ...['hold-source', 'release-source'].map(
        (intent): [string, string, Record<string, string | string[]>] => [
          'dashboard.petitions.$id',
          `/dashboard/petitions/${B.petitionId}`,
          { intent, source: '0.0.0.0/0' },
        ],
      ),
      ['dashboard.abuse', '/dashboard/abuse', { intent: 'remove', id: B.abuseRuleId }],
      [
        'dashboard.petitions.$id_.partners',
        `/dashboard/petitions/${B.petitionId}/partners`,
        { intent: 'invite', partner: A.organizationId },
      ],
      [
        'dashboard.petitions.$id_.partners',
        `/dashboard/petitions/${B.petitionId}/partners`,
        { intent: 'end', partnerId: A.organizationId },
      ],
      ...['accept', 'decline', 'end'].map(
        (intent): [string, string, Record<string, string | string[]>] => [
          'dashboard.partners._index',
          '/dashboard/partners',
          { intent, petitionId: B.petitionId },
        ],
      ),
      ...(['ip', 'domain', 'window', 'selection'] as const).map(
        (criterion): [string, string, Record<string, string | string[]>] => [
          'dashboard.petitions.$id_.signatures',
          `/dashboard/petitions/${B.petitionId}/signatures`,
          {
            intent: 'invalidate',
            criterion,
            cidr: '0.0.0.0/0',
            domain: 'zanzibar.example',
            from: '2000-01-01T00:00',
            to: '2100-01-01T00:00',
            signatureIds: B.signatureIds,
          },
        ],
      ),
      [
        'dashboard.petitions.$id_.signatures',
        `/dashboard/petitions/${B.petitionId}/signatures`,
        { intent: 'release', signatureIds: B.signatureIds },
      ],
      [
        'dashboard.petitions.$id_.signatures',
        `/dashboard/petitions/${B.petitionId}/signatures`,
        { intent: 'release-all' },
      ],
      [
        'dashboard.petitions.$id_.signatures',
        `/dashboard/petitions/${B.petitionId}/signatures`,
        { intent: 'undo', actionId: B.actionId },
      ],
      [
        'dashboard.petitions.$id_.letters',
        `/dashboard/petitions/${B.petitionId}/letters`,
        { intent: 'resend', digestId: B.digestId },
      ],
      // B's ids inside A's own resources.
      [
        'dashboard.cases.$id',
        `/dashboard/cases/${A.caseId}`,
        { intent: 'attach', officialId: B.officialId, role: 'governor' },
      ],
      [
        'dashboard.petitions.$id_.signatures',
        `/dashboard/petitions/${A.petitionId}/signatures`,
        { intent: 'undo', actionId: B.actionId },
      ],
      ['dashboard.tokens', '/dashboard/tokens', { intent: 'revoke', id: B.tokenId }],
      ['dashboard.team', '/dashboard/team', { intent: 'revoke-invitation', id: B.invitationId }],
      [
        'dashboard.team',
        '/dashboard/team',
        { intent: 'change-role', userId: B.userId, role: 'organizer' },
      ],
      ['dashboard.team', '/dashboard/team', { intent: 'remove-member', userId: B.userId }],
      ['dashboard.outreaches.$id', `/dashboard/outreaches/${B.outreachId}`, { intent: 'cancel' }],
      ...['test', 'resume', 'delete'].map(
        (intent): [string, string, Record<string, string | string[]>] => [
          'dashboard.webhooks.$id',
          `/dashboard/webhooks/${B.webhookId}`,
          { intent },
        ],
      ),
      [
        'dashboard',
        '/dashboard',
        { intent: 'switch-organization', organizationId: B.organizationId },
      ],
      ...['test', 'cancel'].map((intent): [string, string, Record<string, string | string[]>] => [
        'dashboard.messages.$id',
        `/dashboard/messages/${B.messageId}`,
        { intent },
      ]),
      [
        'dashboard.messages.$id',
        `/dashboard/messages/${B.messageId}`,
        { intent: 'send', when: 'now' },
      ],
      [
        'dashboard.messages.$id',
        `/dashboard/messages/${B.messageId}`,
        { intent: 'save', subject: 'Taken over', body: 'x', petitionIds: [B.petitionId] },
      ],
      [
        'dashboard.suppressions',
        '/dashboard/suppressions',
        { intent: 'remove', email: B.suppressed },
      ],
    ]
    for (const [route, url, fields] of posts) {
      const res = await post(route, url, fields)
      expect(res.status, `${url} ${JSON.stringify(fields).slice(0, 80)}`).toBe(404)
      expect(leaked(res.body)).toBeUndefined()
    }

    // Forms on A's side that name B's ids are refused (400) or touch only A's rows.
    const newPetition = await post('dashboard.petitions.new', '/dashboard/petitions/new', {
      caseId: B.caseId,
      title: 'Into B',
      goal: '10',
      status: 'open',
    })
    expect(newPetition.status).toBe(400)
    expect(newPetition.body).toContain('Choose one of your cases.')
    for (const [route, url] of [
      ['dashboard.messages.new', '/dashboard/messages/new'],
      ['dashboard.messages.$id', `/dashboard/messages/${A.messageId}`],
    ] as const) {
      const intoB = await post(route, url, {
        intent: 'save',
        subject: 'To B',
        body: 'Hello',
        petitionIds: [B.petitionId],
      })
      expect(intoB.status, url).toBe(400)
      expect(intoB.body).toContain('Choose among your own petitions.')
    }
    // A's block list is A's: blocking B's signers' domain changes nothing of B's.
    expect(
      (
        await post('dashboard.abuse', '/dashboard/abuse', {
          intent: 'add',
          kind: 'block',
          value: 'zanzibar.example',
        })
      ).status,
    ).toBe(303)
    // A's suppression list is A's: adding B's suppressed address adds it to A only.
    expect(
      (
        await post('dashboard.suppressions', '/dashboard/suppressions', {
          intent: 'add',
          email: B.suppressed,
        })
      ).status,
    ).toBe(303)
    const targets = await post(
      'dashboard.petitions.$id_.edit',
      `/dashboard/petitions/${A.petitionId}/edit`,
      {
        title: 'Alpha petition',
        body: '',
        goal: '10',
        targetIds: [B.officialId],
      },
    )
    expect(targets.status).toBe(400)
    const resend = await post(
      'dashboard.petitions.$id_.letters',
      `/dashboard/petitions/${A.petitionId}/letters`,
      { intent: 'resend', digestId: B.digestId },
    )
    expect(resend.status).toBe(409)
    expect(leaked(resend.body)).toBeUndefined()
    const selection = await post(
      'dashboard.petitions.$id_.signatures',
      `/dashboard/petitions/${A.petitionId}/signatures`,
      { intent: 'invalidate', criterion: 'selection', signatureIds: B.signatureIds },
    )
    expect(selection.status).toBe(303)
    const release = await post(
      'dashboard.petitions.$id_.signatures',
      `/dashboard/petitions/${A.petitionId}/signatures`,
      { intent: 'release', signatureIds: B.signatureIds },
    )
    expect(release.status).toBe(303)
    // An outreach about B's petition, or to B's official, is refused.
    for (const fields of [
      { petitionId: B.petitionId, targetIds: [B.officialId] },
      { petitionId: A.petitionId, targetIds: [B.officialId] },
    ]) {
      for (const intent of ['preview', 'send']) {
        const res = await post('dashboard.outreaches.new', '/dashboard/outreaches/new', {
          ...fields,
          intent,
          subject: 'Hijack',
          body: 'Dear {{ official.name }}',
          when: 'now',
        })
        expect(res.status, `${intent} ${JSON.stringify(fields)}`).toBe(400)
        expect(leaked(res.body)).toBeUndefined()
      }
    }
    // One person's data: A exports nothing of B's and erases nothing of B's (decision 037).
    const exported = await post('dashboard.privacy', '/dashboard/privacy', {
      intent: 'export',
      email: 'one@zanzibar.example',
    })
    expect(exported.status).toBe(200)
    expect(exported.body).toContain('&quot;signatures&quot;: []')
    // The address A typed comes back to A; nothing else of B's does.
    expect(leaked(exported.body.replace(/one(@|%40)zanzibar\.example/g, ''))).toBeUndefined()
    const erased = await post('dashboard.privacy', '/dashboard/privacy', {
      intent: 'erase',
      email: 'one@zanzibar.example',
      confirm: 'on',
    })
    expect(erased.status).toBe(200)
    expect(erased.body).toContain('0 signatures deleted')
    // Creating is always in A's own organization.
    expect(
      (
        await post('dashboard.cases.new', '/dashboard/cases/new', {
          ...caseForm,
          personName: 'Own',
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await post('dashboard.officials.new', '/dashboard/officials/new', {
          name: 'Own official',
          email: 'gov@zanzibar.example',
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await post('dashboard.officials.import._index', '/dashboard/officials/import', {
          csv: 'name,email\nOwn Judge,judge@zanzibar.example',
        })
      ).status,
    ).toBe(303)

    // A's own settings, feeds, corrections and imports leave B's as they were.
    for (const fields of [
      { intent: 'calendar-create' } as Record<string, string>,
      { intent: 'calendar-revoke' },
      { intent: 'digest' },
      { intent: 'time-zone', timeZone: 'Pacific/Auckland' },
    ])
      expect((await post('dashboard.watch', '/dashboard/watch', fields)).status).toBeLessThan(400)
    expect(
      (
        await post('dashboard.clemency', '/dashboard/clemency', {
          intent: 'correct',
          code: 'US-TX',
          structure: 'board_alone',
          board: 'Board',
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await post('dashboard.cases.import._index', '/dashboard/cases/import', {
          csv: 'person_name,case_number,jurisdiction\nOwn Person,Z-1,Texas',
        })
      ).status,
    ).toBe(303)

    expect(await snapshotB()).toEqual(before)
    const [ownOfficial] = await db()<{ organizationId: string }[]>`
      select organization_id from officials where name = 'Own official'`
    expect(ownOfficial!.organizationId).toBe(A.organizationId)
  })

  it('walked every dashboard route module', () => {
    const dir = path.join(import.meta.dirname, '../app/routes')
    const routes = fs
      .readdirSync(dir)
      .filter((f) => /^dashboard(\.|$)/.test(f.replace(/\.tsx?$/, '')))
      .map((f) => f.replace(/\.tsx?$/, ''))
    expect(routes.length).toBeGreaterThan(10)
    for (const route of routes) expect(walked, route).toContain(route)
  })
})
