import { beforeAll, describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { seedSignatures, statuses } from '../../tests/helpers/signatures'
import { db } from '~/utils/db.server'
import { rollupCounts } from './count.server'
import { addAbuseRule } from './abuse.server'
import {
  holdSignatures,
  invalidateSignatures,
  listModerationActions,
  ModerationAlreadyUndoneError,
  releaseHeldSignatures,
  undoModerationAction,
} from './moderation.server'
import { getPetitionStats } from './petition-stats.server'

async function countOf(petitionId: string): Promise<number> {
  await rollupCounts()
  const [row] = await db()<{ n: number }[]>`
    select signature_count as n from petitions where id = ${petitionId}`
  return row!.n
}

async function fixture() {
  const f = await makePetition({ organizationName: `Moderation Org ${Math.random()}` })
  const ctx = { petitionId: f.petition.id, organizationId: f.organization.id }
  return { ...f, ctx }
}

describe('moderation', () => {
  let other: Awaited<ReturnType<typeof fixture>>
  beforeAll(async () => {
    other = await fixture()
  })

  it('invalidates a selection, repairs the count, and undoes it', async () => {
    const { ctx } = await fixture()
    const ids = await seedSignatures(ctx, [
      { status: 'confirmed' },
      { status: 'confirmed' },
      { status: 'pending' },
      { status: 'confirmed' },
    ])
    expect(await countOf(ctx.petitionId)).toBe(3)
    const result = await invalidateSignatures({
      ...ctx,
      criteria: { type: 'selection', signatureIds: [ids[0]!, ids[2]!] },
    })
    expect(result).toMatchObject({ affected: 2, confirmed: 1 })
    expect(await statuses(ids)).toEqual(['invalidated', 'confirmed', 'invalidated', 'confirmed'])
    expect(await countOf(ctx.petitionId)).toBe(2)
    const stats = await getPetitionStats({ petitionId: ctx.petitionId, timeZone: 'UTC' })
    expect(stats.counts).toEqual({ confirmed: 2, pending: 0, held: 0, invalidated: 2 })

    const [action] = await listModerationActions(ctx)
    expect(action).toMatchObject({ kind: 'invalidate', affected: 2, undoneAt: null })
    expect(action!.criteria).toEqual({ type: 'selection', signatureIds: [ids[0], ids[2]] })

    const undone = await undoModerationAction({
      organizationId: ctx.organizationId,
      actionId: result!.actionId!,
    })
    expect(undone).toMatchObject({ affected: 2, confirmed: 1 })
    expect(await statuses(ids)).toEqual(['confirmed', 'confirmed', 'pending', 'confirmed'])
    expect(await countOf(ctx.petitionId)).toBe(3)
    await expect(
      undoModerationAction({ organizationId: ctx.organizationId, actionId: result!.actionId! }),
    ).rejects.toBeInstanceOf(ModerationAlreadyUndoneError)
    const [after] = await listModerationActions(ctx)
    expect(after!.undoneAt).toBeInstanceOf(Date)
  })

  it('invalidates by IP and by CIDR range (IPv4 and IPv6)', async () => {
    const { ctx } = await fixture()
    const ids = await seedSignatures(ctx, [
      { ip: '203.0.113.7' },
      { ip: '203.0.113.200' },
      { ip: '198.51.100.1' },
      { ip: '2001:db8::1' },
      { ip: null },
    ])
    const one = await invalidateSignatures({
      ...ctx,
      criteria: { type: 'ip', cidr: '203.0.113.7' },
    })
    expect(one).toMatchObject({ affected: 1, confirmed: 1 })
    const range = await invalidateSignatures({
      ...ctx,
      criteria: { type: 'ip', cidr: '203.0.113.0/24' },
    })
    expect(range).toMatchObject({ affected: 1 })
    const v6 = await invalidateSignatures({
      ...ctx,
      criteria: { type: 'ip', cidr: '2001:db8::/32' },
    })
    expect(v6).toMatchObject({ affected: 1 })
    expect(await statuses(ids)).toEqual([
      'invalidated',
      'invalidated',
      'confirmed',
      'invalidated',
      'confirmed',
    ])
    expect(await countOf(ctx.petitionId)).toBe(2)
  })

  it('invalidates by email domain, case-insensitively', async () => {
    const { ctx } = await fixture()
    const ids = await seedSignatures(ctx, [
      { email: `a${Date.now()}@spam.example` },
      { email: `B${Date.now()}@SPAM.example` },
      { email: `c${Date.now()}@notspam.example` },
    ])
    const result = await invalidateSignatures({
      ...ctx,
      criteria: { type: 'domain', domain: 'Spam.Example' },
    })
    expect(result).toMatchObject({ affected: 2, confirmed: 2 })
    expect(await statuses(ids)).toEqual(['invalidated', 'invalidated', 'confirmed'])
  })

  it('invalidates by time window (start included, end excluded)', async () => {
    const { ctx } = await fixture()
    const base = Date.parse('2026-11-01T12:00:00Z')
    const ids = await seedSignatures(ctx, [
      { createdAt: new Date(base - 60_000) },
      { createdAt: new Date(base) },
      { createdAt: new Date(base + 30 * 60_000), status: 'held' },
      { createdAt: new Date(base + 60 * 60_000) },
    ])
    const result = await invalidateSignatures({
      ...ctx,
      criteria: {
        type: 'window',
        from: new Date(base).toISOString(),
        to: new Date(base + 60 * 60_000).toISOString(),
      },
    })
    expect(result).toMatchObject({ affected: 2, confirmed: 1 })
    expect(await statuses(ids)).toEqual(['confirmed', 'invalidated', 'invalidated', 'confirmed'])
    await undoModerationAction({ organizationId: ctx.organizationId, actionId: result!.actionId! })
    expect(await statuses(ids)).toEqual(['confirmed', 'confirmed', 'held', 'confirmed'])
  })

  it('a pending signature confirmed while invalidated comes back confirmed', async () => {
    const { ctx } = await fixture()
    const ids = await seedSignatures(ctx, [{ status: 'pending' }])
    const result = await invalidateSignatures({
      ...ctx,
      criteria: { type: 'selection', signatureIds: ids },
    })
    await db()`update signatures set confirmed_at = now() where id = ${ids[0]!}`
    const undone = await undoModerationAction({
      organizationId: ctx.organizationId,
      actionId: result!.actionId!,
    })
    expect(undone).toMatchObject({ confirmed: 1 })
    expect(await statuses(ids)).toEqual(['confirmed'])
    expect(await countOf(ctx.petitionId)).toBe(1)
  })

  it('releases held signatures and queues the confirmation of each not yet confirmed', async () => {
    const { ctx } = await fixture()
    const ids = await seedSignatures(ctx, [
      { status: 'held', confirmedAt: null, email: 'waiting@example.org' },
      { status: 'held', confirmedAt: new Date(), email: 'clicked@example.org' },
    ])
    const done = await releaseHeldSignatures(ctx)
    expect(done).toMatchObject({ affected: 2, confirmed: 1, mailed: 1 })
    const mail = await db()<{ toAddress: string; signatureId: string }[]>`
      select to_address, props ->> 'signatureId' as signature_id from outbound_emails
      where props ->> 'signatureId' = any(${ids}::text[])`
    expect(mail).toEqual([{ toAddress: 'waiting@example.org', signatureId: ids[0] }])
    expect(await countOf(ctx.petitionId)).toBe(1)
  })

  it('leaves signers on the block list out of "release all", but releases them by name', async () => {
    const { ctx } = await fixture()
    await addAbuseRule({
      organizationId: ctx.organizationId,
      kind: 'block',
      target: { cidr: '192.0.2.0/24' },
    })
    await addAbuseRule({
      organizationId: ctx.organizationId,
      kind: 'block',
      target: { domain: 'spam.example' },
    })
    const ids = await seedSignatures(ctx, [
      { status: 'held', confirmedAt: null, ip: '192.0.2.9' },
      { status: 'held', confirmedAt: null, email: `x${Math.random()}@spam.example` },
      { status: 'held', confirmedAt: null, ip: '203.0.113.9' },
    ])
    expect(await releaseHeldSignatures(ctx)).toMatchObject({ affected: 1 })
    expect(await statuses(ids)).toEqual(['held', 'held', 'pending'])
    expect(await releaseHeldSignatures({ ...ctx, source: { cidr: '192.0.2.9' } })).toMatchObject({
      affected: 1,
    })
    expect(await releaseHeldSignatures({ ...ctx, signatureIds: [ids[1]!] })).toMatchObject({
      affected: 1,
    })
    expect(await statuses(ids)).toEqual(['pending', 'pending', 'pending'])
  })

  it('holds a source: its recent signatures leave the count and their queued mail is not sent', async () => {
    const { ctx } = await fixture()
    const ids = await seedSignatures(ctx, [
      { status: 'confirmed', ip: '198.51.100.4' },
      { status: 'pending', ip: '198.51.100.4' },
      { status: 'confirmed', ip: '198.51.100.5' },
      { status: 'confirmed', ip: '198.51.100.4', createdAt: new Date(Date.now() - 2 * 86_400_000) },
    ])
    await db()`
      insert into outbound_emails (organization_id, template, to_address, props)
      values (${ctx.organizationId}, 'signature.confirm', 'x@example.org',
        ${db().json({ signatureId: ids[1]! })})`
    expect(await countOf(ctx.petitionId)).toBe(3)
    const held = await holdSignatures({ ...ctx, source: { cidr: '198.51.100.4' } })
    expect(held).toMatchObject({ affected: 2, confirmed: 1 })
    expect(await statuses(ids)).toEqual(['held', 'held', 'confirmed', 'confirmed'])
    expect(await countOf(ctx.petitionId)).toBe(2)
    const [queued] = await db()<{ n: number }[]>`
      select count(*)::int as n from outbound_emails where props ->> 'signatureId' = ${ids[1]!}`
    expect(queued!.n).toBe(0)
    const [action] = await listModerationActions(ctx)
    expect(action).toMatchObject({ kind: 'hold', affected: 2 })
    // Released again: the confirmed one counts at once, the other is mailed.
    expect(await releaseHeldSignatures({ ...ctx, source: { cidr: '198.51.100.4' } })).toMatchObject(
      { affected: 2, confirmed: 1, mailed: 1 },
    )
    expect(await countOf(ctx.petitionId)).toBe(3)
  })

  it('releases held signatures: confirmed ones count, unconfirmed ones wait', async () => {
    const { ctx } = await fixture()
    const ids = await seedSignatures(ctx, [
      { status: 'held', confirmedAt: new Date() },
      { status: 'held', confirmedAt: null },
      { status: 'held', confirmedAt: new Date() },
    ])
    expect(await countOf(ctx.petitionId)).toBe(0)
    const some = await releaseHeldSignatures({ ...ctx, signatureIds: [ids[0]!] })
    expect(some).toMatchObject({ affected: 1, confirmed: 1 })
    const rest = await releaseHeldSignatures(ctx)
    expect(rest).toMatchObject({ affected: 2, confirmed: 1 })
    expect(await statuses(ids)).toEqual(['confirmed', 'pending', 'confirmed'])
    expect(await countOf(ctx.petitionId)).toBe(2)
  })

  it("records nothing when nothing matches, and never touches another organization's", async () => {
    const { ctx } = await fixture()
    const theirs = await seedSignatures(other.ctx, [{ ip: '192.0.2.9' }])
    const none = await invalidateSignatures({ ...ctx, criteria: { type: 'ip', cidr: '192.0.2.9' } })
    expect(none).toEqual({ actionId: null, affected: 0, confirmed: 0 })
    expect(await listModerationActions(ctx)).toEqual([])
    // Their petition through our organization: not found.
    expect(
      await invalidateSignatures({
        organizationId: ctx.organizationId,
        petitionId: other.ctx.petitionId,
        criteria: { type: 'selection', signatureIds: theirs },
      }),
    ).toBeNull()
    // Their signature ids through our petition: not matched.
    const cross = await invalidateSignatures({
      ...ctx,
      criteria: { type: 'selection', signatureIds: theirs },
    })
    expect(cross!.affected).toBe(0)
    expect(await statuses(theirs)).toEqual(['confirmed'])
    const theirAction = await invalidateSignatures({
      ...other.ctx,
      criteria: { type: 'selection', signatureIds: theirs },
    })
    expect(
      await undoModerationAction({
        organizationId: ctx.organizationId,
        actionId: theirAction!.actionId!,
      }),
    ).toBeNull()
    expect(await statuses(theirs)).toEqual(['invalidated'])
    expect(await releaseHeldSignatures({ ...ctx, petitionId: other.ctx.petitionId })).toBeNull()
  })
})
