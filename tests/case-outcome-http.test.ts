/**
 * A case's outcome as the public sees it, against the real server: the sign
 * form of a petition whose person was executed answers 409, and a reschedule
 * moves the deadline the public API gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateCase } from '../app/services/cases.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

async function publicPetition(id: string) {
  const res = await fetch(`${server.url}/api/v1/petitions/${id}`)
  expect(res.status).toBe(200)
  return (await res.json()) as { status: string; deadline: string | null }
}

describe("a case's outcome over HTTP", () => {
  it('executed: the petition reads lost and the sign form answers 409', async () => {
    const p = await makePetition()
    await updateCase({
      organizationId: p.organization.id,
      caseId: p.case.id,
      changes: { status: 'executed' },
    })
    expect((await publicPetition(p.petition.id)).status).toBe('lost')
    const res = await postForm(`${server.url}/petitions/${p.petition.slug}`, {
      ...validSignature(),
      public: 'on',
    })
    expect(res.status).toBe(409)
  })

  it('rescheduled: the petition stays open and its deadline is the new date', async () => {
    const p = await makePetition()
    const newDate = new Date(Date.now() + 40 * 86_400_000)
    newDate.setMilliseconds(0)
    await updateCase({
      organizationId: p.organization.id,
      caseId: p.case.id,
      changes: { status: 'rescheduled', nextDate: newDate },
    })
    const petition = await publicPetition(p.petition.id)
    expect(petition.status).toBe('open')
    expect(new Date(petition.deadline!).getTime()).toBe(newDate.getTime())
    const res = await postForm(`${server.url}/petitions/${p.petition.slug}`, {
      ...validSignature(),
      public: 'on',
    })
    expect(res.status).toBe(303)
  })
})
