/**
 * The cases CSV import in the dashboard without JavaScript: a pasted file
 * is checked into a preview that lists each bad row by its line, confirmed
 * with one post, and saved by the worker's job; the cases then show on the
 * watch list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer
let cookie: string

beforeAll(async () => {
  server = await startTestServer()
  const organizer = await makeOrganizer({ organizationName: 'Case Import HTTP Org' })
  cookie = await signInCookie(server.url, { email: organizer.user.email })
})

afterAll(async () => {
  await server.close()
})

describe('importing cases in the dashboard', () => {
  it('previews with errors by line, then imports with the job', async () => {
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)
    const csv = [
      'person_name,case_number,jurisdiction,status,next_date,next_date_kind,time_zone',
      `Imported Person,IMP-1,Texas,scheduled,${soon} 18:00,execution,America/Chicago`,
      'No Number,,Texas,,,,',
      `Second Person,IMP-2,Ohio,pending,${soon} 10:00,hearing,America/New_York`,
    ].join('\n')
    const upload = await postForm(`${server.url}/dashboard/cases/import`, { csv }, { cookie })
    expect(upload.status).toBe(303)
    const preview = new URL(upload.headers.get('location')!, server.url).toString()
    const page = (await (await fetch(preview, { headers: { cookie } })).text()).replace(
      /<!-- -->/g,
      '',
    )
    expect(page).toContain('Rows with errors (not imported)')
    expect(page).toMatch(/<td>3<\/td><td>case_number is missing/)
    expect(page).toContain('Import 2 cases')

    const confirm = await postForm(preview, {}, { cookie })
    expect(confirm.status).toBe(303)
    await eventually(async () => {
      const html = await (await fetch(preview, { headers: { cookie } })).text()
      return html.includes('Import finished.') ? true : undefined
    })
    const watch = await (
      await fetch(`${server.url}/dashboard/watch`, { headers: { cookie } })
    ).text()
    expect(watch).toContain('Imported Person')
    expect(watch).toContain('Second Person')
  })

  it('refuses an empty upload or a file without the columns, beside the field', async () => {
    const empty = await postForm(`${server.url}/dashboard/cases/import`, { csv: '' }, { cookie })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Choose a CSV file, or paste its contents.')
    const wrong = await postForm(
      `${server.url}/dashboard/cases/import`,
      { csv: 'name,number\na,b' },
      { cookie },
    )
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('The first line must name the columns')
  })
})
