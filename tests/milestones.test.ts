/**
 * Milestones end to end: the count moves in the roll-up job (the real
 * worker, woken as a confirmation wakes it), the organizers get one mail
 * per milestone through the delivery queue, and the petition's page
 * offers a higher goal in one click and a prefilled update to the signers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordCountDelta } from '../app/models/count.server'
import { rollupCountsJob } from '../app/jobs/counts.server'
import { db } from '../app/utils/db.server'
import { QUEUES, wake } from '../app/utils/jobs.server'
import { makeApiOrganization } from './helpers/api'
import { signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'
import { startSmtpSink, type SmtpSink } from './helpers/smtp'

let server: TestServer
let smtp: SmtpSink
let org: Awaited<ReturnType<typeof makeApiOrganization>>

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  org = await makeApiOrganization('Milestone Org')
  await db()`update petitions set goal = 4 where id = ${org.petition.id}`
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

const milestoneMails = () =>
  smtp.messages.filter((m) => m.subject?.startsWith(`"${org.petition.title}"`))

async function confirmations(n: number) {
  for (let i = 0; i < n; i++) await recordCountDelta({ petitionId: org.petition.id, delta: 1 })
  await wake(QUEUES.countsRollup)
}

describe('milestones', () => {
  it('mails the organizers once per milestone, the highest one a roll-up passed', async () => {
    await confirmations(1)
    const first = await smtp.waitForMail((m) => !!m.subject?.includes('passed 25% of its goal'))
    expect(first.to).toMatchObject({ value: [{ address: org.user.email }] })
    expect(first.text).toContain('1 confirmed signatures of 4')
    expect(first.text).toContain(`/dashboard/petitions/${org.petition.id}`)
    expect(first.text).toContain(
      `/dashboard/messages/new?petitionId=${org.petition.id}&milestone=25`,
    )
    expect(first.html).toContain('Send a milestone update to the signers')

    // From 1 to 3 in one roll-up: 50% and 75% are recorded, and one mail says 75%.
    await confirmations(2)
    await smtp.waitForMail((m) => !!m.subject?.includes('passed 75% of its goal'))
    // A roll-up that passes nothing new sends nothing.
    await rollupCountsJob()
    await new Promise((r) => setTimeout(r, 1500))
    expect(milestoneMails().map((m) => m.subject)).toEqual([
      `"${org.petition.title}" passed 25% of its goal`,
      `"${org.petition.title}" passed 75% of its goal`,
    ])
    const recorded = await db()<{ percent: number }[]>`
      select percent from petition_milestones where petition_id = ${org.petition.id}
      order by percent`
    expect(recorded.map((r) => r.percent)).toEqual([25, 50, 75])
  })

  it('offers a higher goal in one click, and an update to the signers prefilled', async () => {
    const cookie = await signInCookie(server.url, {
      email: org.user.email,
      password: 'correct horse battery staple',
    })
    const url = `${server.url}/dashboard/petitions/${org.petition.id}`
    const page = await (await fetch(url, { headers: { cookie } })).text()
    expect(page).toContain('75% of the goal')
    expect(page).toMatch(/Raise the goal to (<!-- -->)?10/)
    expect(page).toContain(`/dashboard/messages/new?petitionId=${org.petition.id}&amp;milestone=75`)

    const raised = await postForm(
      url,
      { intent: 'raise-goal', goal: '10' },
      { cookie, origin: server.url },
    )
    expect(raised.status).toBe(303)
    const [petition] = await db()<{ goal: number }[]>`
      select goal from petitions where id = ${org.petition.id}`
    expect(petition!.goal).toBe(10)
    // 3 of 10 is past 25% of the new goal: recorded, not announced.
    const [silent] = await db()<{ announced: boolean }[]>`
      select announced from petition_milestones
      where petition_id = ${org.petition.id} and goal = 10 and percent = 25`
    expect(silent!.announced).toBe(false)
    const lower = await postForm(
      url,
      { intent: 'raise-goal', goal: '5' },
      { cookie, origin: server.url },
    )
    expect(lower.status).toBe(400)
    expect(await lower.text()).toContain('must be above the present one')

    const draft = await (
      await fetch(
        `${server.url}/dashboard/messages/new?petitionId=${org.petition.id}&milestone=75`,
        { headers: { cookie } },
      )
    ).text()
    expect(draft).toContain('we are 75% of the way to our goal for {{ case.person_name }}')
    expect(draft).toContain('{{ petition.total_signatures }}')

    // The raised goal's next milestone is announced when the count reaches it.
    await confirmations(2)
    await smtp.waitForMail((m) => !!m.subject?.includes('passed 50% of its goal'))
    expect(milestoneMails()).toHaveLength(3)
  })
})
