import { z } from './zod'
import { MEMBERSHIP_ROLES } from '~/domain/states'
import { text } from './text'

/** Inputs of the sign-in, password, invitation and token forms, and of the CLI. */

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200

const email = text({ error: 'Please enter your email address.' })
  .trim()
  .min(1, 'Please enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email('Please enter a valid email address, like name@example.com.'))

/** A new password: long enough to resist guessing, bounded so hashing stays cheap. */
export const NewPasswordSchema = text({ error: 'Please choose a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)

export const LoginSchema = z.object({
  email,
  // Checked against the hash only; any length the user once chose is fine.
  password: text({ error: 'Please enter your password.' })
    .min(1, 'Please enter your password.')
    .max(PASSWORD_MAX, 'Email or password is incorrect.'),
  redirectTo: z.string().optional(),
})

export const ForgotPasswordSchema = z.object({ email })

export const ResetPasswordSchema = z
  .object({
    password: NewPasswordSchema,
    confirm: z.string().optional(),
  })
  .refine((v) => v.confirm === undefined || v.confirm === v.password, {
    path: ['confirm'],
    message: 'The two passwords differ.',
  })

const personName = text({ error: 'Please enter your name.' })
  .trim()
  .min(1, 'Please enter your name.')
  .max(100, 'Your name must be at most 100 characters.')
  .refine((v) => !/[\r\n]/.test(v), 'Your name must be on one line.')

export const AcceptInvitationSchema = z.object({ name: personName, password: NewPasswordSchema })

/** An existing account accepting: its current password proves who it is. */
export const AcceptAsMemberSchema = z.object({
  password: z
    .string({ error: 'Please enter your password.' })
    .min(1, 'Please enter your password.'),
})

export const RoleSchema = z.enum(MEMBERSHIP_ROLES, { error: 'Choose admin or organizer.' })

export const InviteSchema = z.object({ email, role: RoleSchema.default('organizer') })

export const TokenNameSchema = z.object({
  name: text({ error: 'Please name the token.' })
    .trim()
    .min(1, 'Please name the token, e.g. after the script that uses it.')
    .max(100, 'Use at most 100 characters.'),
})

export const OrganizationNameSchema = z
  .string()
  .trim()
  .min(1, 'The organization name is empty.')
  .max(200, 'The organization name is too long.')

export const CliEmailSchema = email
