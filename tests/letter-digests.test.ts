/**
 * Signers' letters reach each target in digests, against a real SMTP server
 * and PostgreSQL. The schedule is driven by an injected `now` (never by
 * waiting for the clock): hourly and daily cut-offs, the last digest before
 * the deadline on a daily schedule, one mail per official however many
 * letters, each letter once, only confirmed ones, no signer's address;
 * 451 retried and 550 recorded; two workers building at once; and the
 * organizer's page over HTTP.
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { letterDigestsJob } from '../app/jobs/letter-digests.server'
import { sendDueLetterDigests } from '../app/mail/senders/letter-digest-sender.server'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
import { startWorker } from '../app/jobs/worker.server'
import { QUEUES, wake } from '../app/utils/jobs.server'
import { buildDueLetterDigests } from '../app/models/letter-digest.server'
import { createOfficial } from '../app/models/official.server'
import { db } from '../app/utils/db.server'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { callApi, makeApiOrganization } from './helpers/api'
import { postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

const ORG = 'Letters Test Org'
const HOUR = 3_600_000

let smtp: SmtpSink
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpSink()
  // The server's worker stays off: the tests run the job themselves, at the `now` they choose.
  server = await startTestServer({ smtpUrl: smtp.url, worker: false })
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

let batch = 0

/**
 * `count` signers of the petition, each with a letter ("Letter <tag> <n>"),
 * confirmed at `confirmedAt` unless another status is given.
 */
async function signWithLetters({
  organizationId,
  petitionId,
  count,
  confirmedAt,
  status = 'confirmed',
  letter,
}: {
  organizationId: string
  petitionId: string
  count: number
  confirmedAt: Date
  status?: 'pending' | 'confirmed' | 'held' | 'invalidated'
  letter?: string
}): Promise<{ tag: string; emails: string[] }> {
  const tag = `t${++batch}x${Date.now().toString(36)}`
  const sql = db()
  const supporters = await sql<{ id: string; email: string }[]>`
    insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
    select ${organizationId}, ${tag} || '.' || g || '@signers.example',
      ${tag} || '.' || g || '@signers.example', 'Given' || g || ' Family' || g,
      ${tag} || '-tok-' || g
    from generate_series(1, ${count}) g
    returning id, email`
  await sql`
    insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
      country, locality, letter, status, confirmed_at, created_at)
    select ${petitionId}, s.id, s.name, s.email, s.email_canonical, '78701', 'US', 'Austin',
      coalesce(${letter ?? null}, 'Letter ' || ${tag} || ' ' || split_part(split_part(s.email, '@', 1), '.', 2)),
      ${status}, ${status === 'pending' ? null : confirmedAt}, ${confirmedAt}
    from supporters s where s.id = any(${supporters.map((s) => s.id)}::uuid[])`
  return { tag, emails: supporters.map((s) => s.email) }
}

/** A petition carrying a letter, with two targets that have an address. */
async function letterPetition(schedule: 'hourly' | 'daily') {
  const fixture = await makePetition({
    organizationName: ORG,
    letterDefault: 'Please grant clemency.',
  })
  const clerk = await createOfficial({
    organizationId: fixture.organization.id,
    name: `Clerk of ${fixture.governor.name}`,
    title: 'Board clerk',
    email: `clerk.${fixture.governor.email}`,
  })
  await db()`insert into petition_targets (petition_id, official_id)
    values (${fixture.petition.id}, ${clerk.id})`
  await db()`update petitions set letter_digest = ${schedule} where id = ${fixture.petition.id}`
  return { ...fixture, clerk, targets: [fixture.governor.email!, clerk.email!] }
}

function mailsTo(address: string): ParsedMail[] {
  return smtp.messages.filter((m) => recipient(m) === address)
}

async function digestsOf(petitionId: string) {
  return db()<
    {
      id: string
      officialId: string
      kind: string
      status: string
      letterCount: number
      attempts: number
      lastError: string | null
      secondsToNext: number
      toAddress: string
    }[]
  >`
    select id, official_id, kind, status, letter_count, attempts, last_error, to_address,
      extract(epoch from next_attempt_at - now())::float8 as seconds_to_next
    from letter_digests where petition_id = ${petitionId} order by created_at, to_address`
}

const topOfHour = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR)

describe('letter digests', () => {
  it('sends each target one mail with every confirmed letter, no addresses, then only new letters', async () => {
    const p = await letterPetition('hourly')
    const orgId = p.organization.id
    const petitionId = p.petition.id
    const signedAt = new Date(topOfHour(new Date()).getTime() + 10 * 60_000)
    const letters = await signWithLetters({
      organizationId: orgId,
      petitionId,
      count: 30,
      confirmedAt: signedAt,
    })
    const html = await signWithLetters({
      organizationId: orgId,
      petitionId,
      count: 1,
      confirmedAt: signedAt,
      letter: 'Mercy <script>alert(1)</script> & justice',
    })
    // Not delivered: unconfirmed, held, invalidated, and a blank letter.
    for (const status of ['pending', 'held', 'invalidated'] as const)
      await signWithLetters({
        organizationId: orgId,
        petitionId,
        count: 2,
        confirmedAt: signedAt,
        status,
        letter: `EXCLUDED ${status}`,
      })
    await signWithLetters({
      organizationId: orgId,
      petitionId,
      count: 1,
      confirmedAt: signedAt,
      letter: '   ',
    })

    // Before the next hour's cut-off: nothing is due.
    const early = await letterDigestsJob({ now: new Date(signedAt.getTime() + 5 * 60_000) })
    expect(early.built.filter((d) => d.petitionId === petitionId)).toEqual([])

    const firstRun = new Date(topOfHour(signedAt).getTime() + HOUR + 60_000)
    const { built } = await letterDigestsJob({ now: firstRun })
    const mine = built.filter((d) => d.petitionId === petitionId)
    expect(mine).toHaveLength(2)
    expect(mine.every((d) => d.letterCount === 31 && d.kind === 'scheduled')).toBe(true)

    for (const address of p.targets) {
      const mails = mailsTo(address)
      expect(mails, address).toHaveLength(1)
      const mail = mails[0]!
      expect(mail.subject).toBe(
        `31 letters from signers of "${p.petition.title}" about ${p.case.personName}`,
      )
      expect(mail.from?.value[0]?.name).toBe(ORG)
      // No one recorded as the petition's creator: no Reply-To.
      expect(mail.replyTo).toBeUndefined()
      for (let n = 1; n <= 30; n++) {
        expect(mail.text).toContain(`Letter ${letters.tag} ${n}\n`)
        expect(mail.html).toContain(`Letter ${letters.tag} ${n}<`)
      }
      expect(mail.text).toContain('Given1 F. · Austin')
      expect(mail.text).not.toContain('EXCLUDED')
      expect(mail.html).not.toContain('EXCLUDED')
      expect(mail.text).not.toMatch(/@signers\.example/)
      expect(mail.html).not.toMatch(/@signers\.example/)
      expect(mail.html).toContain('Mercy &lt;script&gt;alert(1)&lt;/script&gt; &amp; justice')
      expect(mail.html).not.toContain('<script>')
      expect(mail.text).toContain(`/petitions/${p.petition.slug}`)
      expect(mail.attachments).toHaveLength(0)
    }
    expect(html.emails).toHaveLength(1)

    // The same cut-off again, and the next hour with nothing new: no mail.
    await letterDigestsJob({ now: firstRun })
    await letterDigestsJob({ now: new Date(firstRun.getTime() + HOUR) })
    for (const address of p.targets) expect(mailsTo(address)).toHaveLength(1)

    // Letters signed later go in the next digest, alone; one signed after that cut-off waits.
    const later = await signWithLetters({
      organizationId: orgId,
      petitionId,
      count: 5,
      confirmedAt: new Date(firstRun.getTime() + HOUR + 10 * 60_000),
    })
    const afterCutoff = await signWithLetters({
      organizationId: orgId,
      petitionId,
      count: 1,
      confirmedAt: new Date(firstRun.getTime() + 2 * HOUR + 5 * 60_000),
    })
    await letterDigestsJob({ now: new Date(firstRun.getTime() + 2 * HOUR + 9 * 60_000) })
    for (const address of p.targets) {
      const mails = mailsTo(address)
      expect(mails).toHaveLength(2)
      const next = mails[1]!
      expect(next.subject).toMatch(/^5 letters from signers/)
      for (let n = 1; n <= 5; n++) expect(next.text).toContain(`Letter ${later.tag} ${n}\n`)
      expect(next.text).not.toContain(letters.tag)
      expect(next.text).not.toContain(afterCutoff.tag)
    }
    const rows = await digestsOf(petitionId)
    expect(rows.map((r) => [r.status, r.letterCount])).toEqual([
      ['sent', 31],
      ['sent', 31],
      ['sent', 5],
      ['sent', 5],
    ])
  })

  it('delivers the letter a signer edited on the sign form, once confirmed by mail', async () => {
    const p = await letterPetition('hourly')
    const slug = p.petition.slug
    const sign = (fields: Record<string, string>) =>
      postForm(`${server.url}/petitions/${slug}`, { postalCode: '78701', country: 'US', ...fields })
    const stamp = Date.now()
    const edited = `Governor, I knew him as a boy. Please <b>spare</b> him. ${stamp}`
    expect(
      (
        await sign({
          name: 'Pat Doe',
          email: `pat.${stamp}@signers.example`,
          locality: 'El Paso',
          letter: edited,
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await sign({
          name: 'Una Confirmed',
          email: `una.${stamp}@signers.example`,
          letter: `Never confirmed ${stamp}`,
        })
      ).status,
    ).toBe(303)
    await sendDueMail()
    const confirmation = await smtp.waitForMail(
      (m) => recipient(m) === `pat.${stamp}@signers.example`,
    )
    const link = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(confirmation.text ?? '')![1]!
    const confirmed = await postForm(link, { intent: 'confirm' }, { origin: server.url })
    expect(confirmed.status).toBe(200)

    await letterDigestsJob({ now: new Date(topOfHour(new Date()).getTime() + HOUR + 60_000) })
    const mails = mailsTo(p.governor.email!)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toMatch(/^1 letter from signers/)
    expect(mails[0]!.text).toContain(edited)
    expect(mails[0]!.text).toContain('Pat D. · El Paso')
    expect(mails[0]!.html).toContain('Please &lt;b&gt;spare&lt;/b&gt; him.')
    expect(mails[0]!.text).not.toContain(`Never confirmed ${stamp}`)
    expect(mails[0]!.text).not.toContain('@signers.example')
  })

  it('puts 500 new letters in ONE mail per target, the first 200 inline and all in a CSV', async () => {
    const p = await letterPetition('hourly')
    const signedAt = new Date(topOfHour(new Date()).getTime() + 60_000)
    const { tag } = await signWithLetters({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      count: 500,
      confirmedAt: signedAt,
    })
    await letterDigestsJob({ now: new Date(signedAt.getTime() + HOUR) })
    for (const address of p.targets) {
      const mails = mailsTo(address)
      expect(mails).toHaveLength(1)
      const mail = mails[0]!
      expect(mail.subject).toMatch(/^500 letters from signers/)
      const all = Array.from({ length: 500 }, (_, i) => `Letter ${tag} ${i + 1}`)
      expect(all.filter((l) => mail.text!.includes(`${l}\n`))).toHaveLength(200)
      expect(all.filter((l) => String(mail.html).includes(`${l}<`))).toHaveLength(200)
      expect(mail.text).toMatch(/all 500 letters are in the attached file letters-.*\.csv/)
      expect(mail.attachments).toHaveLength(1)
      const csv = mail.attachments[0]!.content.toString('utf8')
      const lines = csv.trim().split(/\r\n/)
      expect(lines[0]).toBe('signer,locality,date,letter')
      expect(lines).toHaveLength(501)
      expect(all.filter((l) => csv.includes(`,${l}\r\n`))).toHaveLength(500)
      expect(csv).not.toMatch(/@signers\.example/)
    }
  })

  it('builds daily digests at 8 am in the case’s time zone, and the last one before the deadline whatever the schedule', async () => {
    const p = await letterPetition('daily')
    const petitionId = p.petition.id
    // America/Chicago is UTC-6 in November: 8 am there is 14:00 UTC.
    const deadline = new Date('2026-11-21T23:00:00Z') // 5 pm
    await db()`update cases set next_date = ${deadline} where id = ${p.case.id}`
    const morning = await signWithLetters({
      organizationId: p.organization.id,
      petitionId,
      count: 3,
      confirmedAt: new Date('2026-11-20T10:00:00Z'), // 4 am
    })
    // 7:30 am: the cut-off is still yesterday's 8 am.
    await letterDigestsJob({ now: new Date('2026-11-20T13:30:00Z') })
    expect(await digestsOf(petitionId)).toEqual([])
    // 8:05 am: today's digest.
    await letterDigestsJob({ now: new Date('2026-11-20T14:05:00Z') })
    expect((await digestsOf(petitionId)).map((d) => [d.kind, d.letterCount])).toEqual([
      ['scheduled', 3],
      ['scheduled', 3],
    ])
    for (const address of p.targets) {
      expect(mailsTo(address)).toHaveLength(1)
      expect(mailsTo(address)[0]!.text).toContain(`Letter ${morning.tag} 3\n`)
    }

    // Letters of the deadline day, after that day's 8 am digest.
    const lastDay = await signWithLetters({
      organizationId: p.organization.id,
      petitionId,
      count: 4,
      confirmedAt: new Date('2026-11-21T20:00:00Z'), // 2 pm
    })
    // 2:55 pm: more than two hours before 5 pm, and the daily cut-off has passed: nothing.
    await letterDigestsJob({ now: new Date('2026-11-21T20:55:00Z') })
    expect(await digestsOf(petitionId)).toHaveLength(2)
    // 3:05 pm: the final digest, though the daily schedule would wait for tomorrow.
    const { built } = await letterDigestsJob({ now: new Date('2026-11-21T21:05:00Z') })
    expect(
      built.filter((d) => d.petitionId === petitionId).map((d) => [d.kind, d.letterCount]),
    ).toEqual([
      ['final', 4],
      ['final', 4],
    ])
    for (const address of p.targets) {
      expect(mailsTo(address)).toHaveLength(2)
      expect(mailsTo(address)[1]!.text).toContain(`Letter ${lastDay.tag} 4\n`)
    }

    // Once per deadline: a letter at 3:30 pm waits for the next day's digest.
    const late = await signWithLetters({
      organizationId: p.organization.id,
      petitionId,
      count: 1,
      confirmedAt: new Date('2026-11-21T21:30:00Z'),
    })
    await letterDigestsJob({ now: new Date('2026-11-21T21:45:00Z') })
    await letterDigestsJob({ now: new Date('2026-11-22T13:55:00Z') })
    expect(await digestsOf(petitionId)).toHaveLength(4)
    await letterDigestsJob({ now: new Date('2026-11-22T14:01:00Z') })
    const rows = await digestsOf(petitionId)
    expect(rows.map((d) => [d.kind, d.letterCount, d.status])).toEqual([
      ['scheduled', 3, 'sent'],
      ['scheduled', 3, 'sent'],
      ['final', 4, 'sent'],
      ['final', 4, 'sent'],
      ['scheduled', 1, 'sent'],
      ['scheduled', 1, 'sent'],
    ])
    for (const address of p.targets) expect(mailsTo(address)[2]!.text).toContain(late.tag)

    // A moved deadline gets its own final digest.
    const moved = new Date('2026-11-25T23:00:00Z')
    await db()`update cases set next_date = ${moved} where id = ${p.case.id}`
    await signWithLetters({
      organizationId: p.organization.id,
      petitionId,
      count: 2,
      confirmedAt: new Date('2026-11-25T15:00:00Z'),
    })
    const again = await letterDigestsJob({ now: new Date('2026-11-25T21:30:00Z') })
    expect(
      again.built.filter((d) => d.petitionId === petitionId).map((d) => [d.kind, d.letterCount]),
    ).toEqual([
      ['final', 2],
      ['final', 2],
    ])
  })

  it('builds each digest once when two workers run at the same moment', async () => {
    const p = await letterPetition('hourly')
    const signedAt = new Date('2026-11-19T10:10:00Z')
    await signWithLetters({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      count: 40,
      confirmedAt: signedAt,
    })
    const now = new Date('2026-11-19T11:01:00Z')
    const runs = await Promise.all([
      buildDueLetterDigests({ now }),
      buildDueLetterDigests({ now }),
      buildDueLetterDigests({ now }),
    ])
    const mine = runs.flat().filter((d) => d.petitionId === p.petition.id)
    expect(mine).toHaveLength(2)
    const rows = await digestsOf(p.petition.id)
    expect(rows.map((r) => r.letterCount)).toEqual([40, 40])
    const [items] = await db()<{ n: number; distinct: number }[]>`
      select count(*)::int as n,
        count(distinct (i.official_id, i.signature_id))::int as distinct
      from letter_digest_items i join letter_digests d on d.id = i.digest_id
      where d.petition_id = ${p.petition.id}`
    expect(items).toEqual({ n: 80, distinct: 80 })
    await Promise.all([sendDueLetterDigests(), sendDueLetterDigests()])
    for (const address of p.targets) expect(mailsTo(address)).toHaveLength(1)
  })

  it('retries a 451 with backoff until delivered once, and records a 550 as failed with the reason', async () => {
    const p = await letterPetition('hourly')
    await signWithLetters({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      count: 3,
      confirmedAt: new Date('2026-11-18T10:10:00Z'),
    })
    smtp.failWith(451)
    try {
      await buildDueLetterDigests({ now: new Date('2026-11-18T11:00:00Z') })
      await sendDueLetterDigests()
      let rows = await digestsOf(p.petition.id)
      expect(rows).toHaveLength(2)
      for (const row of rows) {
        expect(row.status).toBe('queued')
        expect(row.attempts).toBe(1)
        expect(row.lastError).toMatch(/Try again later/)
        expect(row.secondsToNext).toBeGreaterThan(0)
        expect(row.secondsToNext).toBeLessThanOrEqual(30)
      }
      // Not due yet: nothing is claimed.
      expect(await sendDueLetterDigests()).toBe(0)
      await db()`update letter_digests set next_attempt_at = now() where petition_id = ${p.petition.id}`
      await sendDueLetterDigests()
      rows = await digestsOf(p.petition.id)
      expect(rows.every((r) => r.status === 'queued' && r.attempts === 2)).toBe(true)
      expect(rows[0]!.secondsToNext).toBeGreaterThan(30)
      smtp.failWith(null)
      await db()`update letter_digests set next_attempt_at = now() where petition_id = ${p.petition.id}`
      await sendDueLetterDigests()
      rows = await digestsOf(p.petition.id)
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 3)).toBe(true)
      for (const address of p.targets) expect(mailsTo(address)).toHaveLength(1)

      const refused = await letterPetition('hourly')
      await signWithLetters({
        organizationId: refused.organization.id,
        petitionId: refused.petition.id,
        count: 2,
        confirmedAt: new Date('2026-11-18T10:10:00Z'),
      })
      smtp.failWith(550)
      await buildDueLetterDigests({ now: new Date('2026-11-18T11:00:00Z') })
      await sendDueLetterDigests()
      const failed = await digestsOf(refused.petition.id)
      expect(failed.map((r) => [r.status, r.attempts])).toEqual([
        ['failed', 1],
        ['failed', 1],
      ])
      expect(failed[0]!.lastError).toMatch(/550.*Mailbox unavailable|Mailbox unavailable/)
      smtp.failWith(null)
      await db()`update letter_digests set next_attempt_at = now() where petition_id = ${refused.petition.id}`
      expect(await sendDueLetterDigests()).toBe(0)
      for (const address of refused.targets) expect(mailsTo(address)).toHaveLength(0)
    } finally {
      smtp.failWith(null)
    }
  })

  it('shows the organizer what went to whom and what waits, and lets them pick the schedule', async () => {
    const organizer = await makeOrganizer({ organizationName: ORG })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const p = await letterPetition('daily')
    await signWithLetters({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      count: 6,
      confirmedAt: new Date('2026-11-17T10:00:00Z'),
    })
    smtp.failWith(550)
    await letterDigestsJob({ now: new Date('2026-11-17T14:30:00Z') })
    smtp.failWith(null)
    await db()`update officials set email = null where id = ${p.clerk.id}`
    await signWithLetters({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      count: 2,
      confirmedAt: new Date(),
    })

    const page = await fetch(`${server.url}/dashboard/petitions/${p.petition.id}/letters`, {
      headers: { cookie },
    })
    expect(page.status).toBe(200)
    const body = (await page.text()).replace(/<!-- -->/g, '')
    expect(body).toContain(p.governor.name)
    expect(body).toContain(p.clerk.name)
    expect(body).toContain('Once a day')
    expect(body).toMatch(/Failed/)
    expect(body).toContain('Mailbox unavailable')
    // The governor has 2 letters waiting; the clerk, now without an address, cannot get them.
    expect(body).toMatch(/2 letters? waiting/)
    expect(body).toContain('No email address')
    expect(body).not.toMatch(/@signers\.example/)

    const detail = await fetch(`${server.url}/dashboard/petitions/${p.petition.id}`, {
      headers: { cookie },
    })
    expect(await detail.text()).toContain(`/dashboard/petitions/${p.petition.id}/letters`)

    // The schedule, through the edit form without JavaScript.
    const edit = await postForm(
      `${server.url}/dashboard/petitions/${p.petition.id}/edit`,
      {
        title: p.petition.title,
        body: 'Text',
        goal: '100',
        letterDefault: 'Please grant clemency.',
        letterDigest: 'hourly',
      },
      { cookie },
    )
    expect(edit.status).toBe(303)
    const [row] = await db()<{ letterDigest: string }[]>`
      select letter_digest from petitions where id = ${p.petition.id}`
    expect(row!.letterDigest).toBe('hourly')
    const invalid = await postForm(
      `${server.url}/dashboard/petitions/${p.petition.id}/edit`,
      { title: p.petition.title, body: '', goal: '100', letterDigest: 'weekly' },
      { cookie },
    )
    expect(invalid.status).toBe(400)
    // A new petition records its schedule and who created it (its letters' Reply-To).
    const created = await postForm(
      `${server.url}/dashboard/petitions/new`,
      {
        caseId: p.case.id,
        title: 'Hourly letters petition',
        goal: '100',
        status: 'open',
        letterDefault: 'Dear Governor,',
        letterDigest: 'hourly',
      },
      { cookie },
    )
    expect(created.status).toBe(303)
    const [fresh] = await db()<{ letterDigest: string; createdBy: string }[]>`
      select letter_digest, created_by from petitions where title = 'Hourly letters petition'`
    expect(fresh).toEqual({ letterDigest: 'hourly', createdBy: organizer.user.id })
  })

  it('delivers letters released from review and to a target added later, and none once a petition is settled', async () => {
    const p = await letterPetition('hourly')
    const petitionId = p.petition.id
    const held = await signWithLetters({
      organizationId: p.organization.id,
      petitionId,
      count: 2,
      confirmedAt: new Date('2026-11-16T10:10:00Z'),
      status: 'held',
    })
    const confirmed = await signWithLetters({
      organizationId: p.organization.id,
      petitionId,
      count: 1,
      confirmedAt: new Date('2026-11-16T10:20:00Z'),
    })
    await letterDigestsJob({ now: new Date('2026-11-16T11:00:00Z') })
    for (const address of p.targets) {
      expect(mailsTo(address)).toHaveLength(1)
      expect(mailsTo(address)[0]!.text).not.toContain(held.tag)
    }
    // Moderation releases the held ones (their confirmation time is in the past window).
    await db()`update signatures set status = 'confirmed' where petition_id = ${petitionId}
      and status = 'held'`
    // A third decision maker joins the targets.
    const board = await createOfficial({
      organizationId: p.organization.id,
      name: 'Board of Pardons',
      email: `board.${p.governor.email}`,
    })
    await db()`insert into petition_targets (petition_id, official_id)
      values (${petitionId}, ${board.id})`
    await letterDigestsJob({ now: new Date('2026-11-16T12:00:00Z') })
    for (const address of p.targets) {
      expect(mailsTo(address)).toHaveLength(2)
      expect(mailsTo(address)[1]!.subject).toMatch(/^2 letters from signers/)
      expect(mailsTo(address)[1]!.text).toContain(`Letter ${held.tag} 1\n`)
      expect(mailsTo(address)[1]!.text).not.toContain(confirmed.tag)
    }
    const toBoard = mailsTo(board.email!)
    expect(toBoard).toHaveLength(1)
    expect(toBoard[0]!.subject).toMatch(/^3 letters from signers/)

    // Lost: the decision is made; new letters are not sent.
    await db()`update petitions set status = 'lost' where id = ${petitionId}`
    await signWithLetters({
      organizationId: p.organization.id,
      petitionId,
      count: 1,
      confirmedAt: new Date('2026-11-16T12:10:00Z'),
    })
    const after = await letterDigestsJob({ now: new Date('2026-11-16T13:00:00Z') })
    expect(after.built.filter((d) => d.petitionId === petitionId)).toEqual([])
    // Closed (no longer signing): what was signed still goes.
    await db()`update petitions set status = 'closed' where id = ${petitionId}`
    const closed = await letterDigestsJob({ now: new Date('2026-11-16T14:00:00Z') })
    expect(closed.built.filter((d) => d.petitionId === petitionId)).toHaveLength(3)
  })

  it('sends a failed digest again from the dashboard, to the corrected address', async () => {
    const organizer = await makeOrganizer({ organizationName: ORG })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const p = await letterPetition('hourly')
    const { tag } = await signWithLetters({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      count: 2,
      confirmedAt: new Date('2026-11-15T10:10:00Z'),
    })
    smtp.failWith(550)
    try {
      await letterDigestsJob({ now: new Date('2026-11-15T11:00:00Z') })
    } finally {
      smtp.failWith(null)
    }
    const rows = await digestsOf(p.petition.id)
    const governorDigest = rows.find((r) => r.officialId === p.governor.id)!
    expect(governorDigest.status).toBe('failed')
    const corrected = `fixed.${p.governor.email}`
    await db()`update officials set email = ${corrected} where id = ${p.governor.id}`
    // Replies go to the organizer who created the petition.
    await db()`update petitions set created_by = ${organizer.user.id} where id = ${p.petition.id}`
    const res = await postForm(
      `${server.url}/dashboard/petitions/${p.petition.id}/letters`,
      { intent: 'resend', digestId: governorDigest.id },
      { cookie },
    )
    expect(res.status).toBe(303)
    const page = await fetch(`${server.url}${res.headers.get('location')}`, { headers: { cookie } })
    expect(await page.text()).toContain(`Queued again, to ${corrected}`)
    await sendDueLetterDigests()
    const mails = mailsTo(corrected)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain(`Letter ${tag} 2\n`)
    expect(mails[0]!.replyTo?.value[0]?.address).toBe(organizer.user.email)
    const after = await digestsOf(p.petition.id)
    expect(after.find((r) => r.id === governorDigest.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      toAddress: corrected,
    })
    // A sent digest cannot be sent again.
    const again = await postForm(
      `${server.url}/dashboard/petitions/${p.petition.id}/letters`,
      { intent: 'resend', digestId: governorDigest.id },
      { cookie },
    )
    expect(again.status).toBe(409)
  })

  it('takes letter_digest through POST and PATCH /api/v1/petitions, shown to the organization only', async () => {
    const org = await makeApiOrganization('Letters API Org')
    const path = `/api/v1/petitions/${org.petition.id}`
    const ok = await callApi(server.url, 'PATCH', path, {
      token: org.token,
      body: { letter_digest: 'hourly' },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.letter_digest).toBe('hourly')
    const bad = await callApi(server.url, 'PATCH', path, {
      token: org.token,
      body: { letter_digest: 'weekly' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.fields.letter_digest).toBeDefined()
    // The setting is the organization's: the public resource does not show it.
    const open = await callApi(server.url, 'GET', path)
    expect(open.body.letter_digest).toBeUndefined()
    const created = await callApi(server.url, 'POST', '/api/v1/petitions', {
      token: org.token,
      body: { case_id: org.case.id, title: 'Letters by the hour', letter_digest: 'hourly' },
    })
    expect(created.status).toBe(201)
    expect(created.body.letter_digest).toBe('hourly')
    const [row] = await db()<{ createdBy: string }[]>`
      select created_by from petitions where id = ${created.body.id}`
    expect(row!.createdBy).toBe(org.user.id)
  })

  // Last: from here on the worker runs the job on the real clock.
  it('runs on the worker: the letters.digest queue builds and sends what is due', async () => {
    const p = await letterPetition('hourly')
    const { tag } = await signWithLetters({
      organizationId: p.organization.id,
      petitionId: p.petition.id,
      count: 3,
      confirmedAt: new Date(topOfHour(new Date()).getTime() - 30 * 60_000),
    })
    await startWorker()
    await wake(QUEUES.lettersDigest)
    const mail = await smtp.waitForMail((m) => recipient(m) === p.governor.email, 20_000)
    expect(mail.subject).toMatch(/^3 letters from signers/)
    expect(mail.text).toContain(`Letter ${tag} 3\n`)
  })
})
