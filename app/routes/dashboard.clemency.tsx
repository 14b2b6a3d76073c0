import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from '~/validation/zod'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Field, Notice, type Errors } from '~/components/ui/field'
import { describeClemency } from '~/domain/clemency'
import { CLEMENCY_STRUCTURE_LABELS } from '~/domain/labels'
import { CLEMENCY_STRUCTURES } from '~/domain/states'
import { requireOrganizer } from '~/services/auth.server'
import { correctClemencyRule, listClemencyRules } from '~/services/clemency.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { readForm } from '~/utils/form.server'
import { errorsByField, formObject } from '~/validation/dashboard'

export const meta: MetaFunction = () => [{ title: 'Who decides clemency · Vigil' }]

/** Who decides clemency in each jurisdiction, as this organization sees it, and its corrections. */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const rules = await listClemencyRules(organizer.organizationId)
  return {
    rules: rules.map((r) => ({ ...r, text: describeClemency(r) })),
    saved: new URL(request.url).searchParams.get('saved'),
  }
}

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null))

const CorrectionSchema = z.object({
  code: z.string().regex(/^US-[A-Z]{2,3}$/, 'Unknown jurisdiction.'),
  intent: z.enum(['correct', 'revert']),
  structure: z.union([z.literal(''), z.enum(CLEMENCY_STRUCTURES)]).optional(),
  board: optional(200),
  note: optional(500),
  sourceUrl: optional(2000).refine((v) => v === null || /^https?:\/\/\S+$/i.test(v), {
    message: 'Enter a full web address starting with https://.',
  }),
})

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const raw = formObject(await readForm(request)) as Record<string, string>
  const parsed = CorrectionSchema.safeParse(raw)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error), values: raw }, { status: 400 })
  const v = parsed.data
  if (v.intent === 'correct' && !v.structure)
    return data({ errors: { structure: ['Choose who decides.'] }, values: raw }, { status: 400 })
  try {
    await correctClemencyRule({
      organizationId: organizer.organizationId,
      code: v.code,
      structure: v.intent === 'revert' ? null : v.structure || null,
      board: v.board,
      note: v.note,
      sourceUrl: v.sourceUrl,
      actorId: organizer.userId,
    })
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values: raw }, { status })
  }
  return redirect(`/dashboard/clemency?saved=${v.code}#${v.code}`, 303)
}

export default function Clemency() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  return (
    <div className="dash">
      <h1>Who decides clemency</h1>
      <Notice message={d.saved ? 'Saved for your organization’s cases.' : null} />
      <p>
        Each US state with the death penalty, the federal system and the military. A row
        &ldquo;checked&rdquo; was compared with a copy of its source on 2026-11-29; the law changes,
        so check before you rely on it. A correction applies to your organization&rsquo;s cases
        only: their public pages and the roles proposed for them.
      </p>
      {d.rules.map((r) => {
        const failed = a?.values.code === r.code ? a : undefined
        return (
          <section key={r.code} id={r.code} className="panel" aria-labelledby={`${r.code}-h`}>
            <h2 id={`${r.code}-h`}>
              {r.name[0]!.toUpperCase() + r.name.slice(1)}{' '}
              <span className="muted small">
                {r.corrected
                  ? 'corrected by your organization'
                  : r.verified
                    ? 'checked'
                    : 'not checked'}
              </span>
            </h2>
            <p>{r.text}</p>
            <p className="small">
              <a href={r.sourceUrl} rel="noopener noreferrer">
                {r.sourceUrl}
              </a>
            </p>
            <details open={!!failed}>
              <summary>Correct this row</summary>
              <Form method="post" noValidate>
                <input type="hidden" name="code" value={r.code} />
                <input type="hidden" name="intent" value="correct" />
                <Field
                  name="structure"
                  label="Who decides"
                  errors={failed?.errors}
                  idPrefix={r.code}
                >
                  {(p) => (
                    <select {...p} defaultValue={failed?.values.structure ?? r.structure}>
                      {CLEMENCY_STRUCTURES.map((s) => (
                        <option key={s} value={s}>
                          {CLEMENCY_STRUCTURE_LABELS[s]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  name="board"
                  label="The board's name"
                  errors={failed?.errors}
                  idPrefix={r.code}
                >
                  {(p) => <input {...p} defaultValue={failed?.values.board ?? r.board ?? ''} />}
                </Field>
                <Field
                  name="note"
                  label="One sentence more (optional)"
                  errors={failed?.errors}
                  idPrefix={r.code}
                >
                  {(p) => <input {...p} defaultValue={failed?.values.note ?? r.note ?? ''} />}
                </Field>
                <Field
                  name="sourceUrl"
                  label="Your source"
                  errors={failed?.errors}
                  idPrefix={r.code}
                >
                  {(p) => <input {...p} type="url" defaultValue={failed?.values.sourceUrl ?? ''} />}
                </Field>
                <button type="submit" className="button button--primary">
                  Save the correction
                </button>
              </Form>
              {r.corrected ? (
                <Form method="post">
                  <input type="hidden" name="code" value={r.code} />
                  <input type="hidden" name="intent" value="revert" />
                  <button type="submit" className="button">
                    Use Vigil&rsquo;s row again
                  </button>
                </Form>
              ) : null}
            </details>
          </section>
        )
      })}
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
