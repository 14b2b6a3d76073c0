import { spawnSync } from 'node:child_process'

/** Runs the operator's CLI as an operator would, on the bench database; returns its stdout. */
function vigil(root: string, databaseUrl: string, args: string[]): string {
  const run = spawnSync('npm', ['run', '--silent', 'vigil', '--', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`vigil ${args[0]} failed: ${run.stderr.trim()}`)
  return run.stdout.trim()
}

export interface BenchOrganizer {
  email: string
  password: string
  token: string
}

/** An organizer of `organization` with a password and an API token, made with the CLI. */
export function createOrganizer({
  root,
  databaseUrl,
  organization,
}: {
  root: string
  databaseUrl: string
  organization: string
}): BenchOrganizer {
  const email = 'organizer@bench.example'
  const password = 'bench-password-not-secret'
  const org = ['--org', organization]
  vigil(root, databaseUrl, ['user:create', '--email', email, '--password', password, ...org])
  const token = vigil(root, databaseUrl, ['token:create', '--email', email, ...org])
  return { email, password, token }
}

/** Signs in through /login as a browser would; returns the session cookie. */
export async function signIn(url: string, organizer: BenchOrganizer): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: organizer.email, password: organizer.password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    redirect: 'manual',
  })
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!)
  if (res.status !== 302 && res.status !== 303)
    throw new Error(`Sign-in answered ${res.status}, not a redirect`)
  if (cookies.length === 0) throw new Error('Sign-in set no cookie')
  return cookies.join('; ')
}
