import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Field, Notice, type Errors } from '~/components/ui/field'
import { listAbuseRules } from '~/models/abuse.server'
import { signLimits } from '~/models/signature.server'
import { addToAbuseList, removeFromAbuseList } from '~/services/abuse.server'
import { requireOrganizer } from '~/services/auth.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { readForm } from '~/utils/form.server'
import { AbuseRuleSchema } from '~/validation/abuse'
import { errorsByField } from '~/validation/dashboard'

export const meta: MetaFunction = () => [{ title: 'Block and allow lists · Vigil' }]

const DONE: Record<string, string> = {
  added: 'Added to the list. It applies to every new signature.',
  removed: 'Removed from the list.',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const rules = (await listAbuseRules({ organizationId })).map((r) => ({
    id: r.id,
    kind: r.kind,
    value: (r.cidr ?? r.domain)!,
    note: r.note,
    added: `${r.createdAt.toISOString().slice(0, 10)}${r.createdByEmail ? ` by ${r.createdByEmail}` : ''}`,
  }))
  const done = new URL(request.url).searchParams.get('done') ?? ''
  return {
    block: rules.filter((r) => r.kind === 'block'),
    allow: rules.filter((r) => r.kind === 'allow'),
    limits: signLimits(),
    done: DONE[done] ?? null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const form = await readForm(request)
  if (form.get('intent') === 'remove') {
    const removed = await removeFromAbuseList({
      organizationId: organizer.organizationId,
      ruleId: String(form.get('id') ?? ''),
    })
    if (!removed) throw new Response('There is no such entry in your lists.', { status: 404 })
    return redirect('/dashboard/abuse?done=removed', 303)
  }
  const values = {
    kind: String(form.get('kind') ?? ''),
    value: String(form.get('value') ?? ''),
    note: String(form.get('note') ?? ''),
  }
  const parsed = AbuseRuleSchema.safeParse(values)
  if (!parsed.success) return data({ errors: errorsByField(parsed.error), values }, { status: 400 })
  try {
    await addToAbuseList({
      organizationId: organizer.organizationId,
      kind: parsed.data.kind,
      target: parsed.data.value,
      note: parsed.data.note,
      actorId: organizer.userId,
    })
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values }, { status })
  }
  return redirect('/dashboard/abuse?done=added', 303)
}

interface RuleView {
  id: string
  value: string
  note: string | null
  added: string
}

function RuleList({ rules, empty }: { rules: RuleView[]; empty: string }) {
  if (rules.length === 0) return <p className="muted">{empty}</p>
  return (
    <table className="table table--compact">
      <thead>
        <tr>
          <th scope="col">Address, range or domain</th>
          <th scope="col">Note</th>
          <th scope="col">Added</th>
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.id}>
            <td className="mono">{r.value}</td>
            <td>{r.note}</td>
            <td className="small">{r.added}</td>
            <td>
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="id" value={r.id} />
                <button
                  className="button button--small"
                  type="submit"
                  aria-label={`Remove ${r.value}`}
                >
                  Remove
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export default function AbuseLists() {
  const { block, allow, limits, done } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  const errors = result?.errors
  return (
    <div className="dash">
      <h1>Block and allow lists</h1>
      <p className="muted">
        Nothing is ever refused: a signer over a limit or on the block list is answered as usual,
        held for review, sent no mail and not counted until you release them (and they confirm).
        Each petition’s page shows who is signing unusually often in the last hour.
      </p>
      <Notice message={done} />
      <div className="dash-grid">
        <section className="panel" aria-labelledby="block-heading">
          <h2 id="block-heading">Block list</h2>
          <p className="field__hint">
            Every new signature from these addresses or email domains is held, and stays held when
            you release all: release such signers one by one.
          </p>
          <RuleList rules={block} empty="Nothing is blocked." />
        </section>
        <section className="panel" aria-labelledby="allow-heading">
          <h2 id="allow-heading">Allow list</h2>
          <p className="field__hint">
            Addresses here may sign more than {limits.perIp} times an hour (a church’s or a vigil’s
            shared Wi-Fi); domains more than {limits.perDomain} times an hour.
          </p>
          <RuleList rules={allow} empty="Nothing is allowed beyond the limits." />
        </section>
      </div>
      <Form method="post" noValidate className="panel">
        <h2>Add to a list</h2>
        {errors?.form ? (
          <p className="form-alert" role="alert">
            {errors.form.join(' ')}
          </p>
        ) : null}
        <input type="hidden" name="intent" value="add" />
        <Field name="kind" idPrefix="abuse" label="List" errors={errors}>
          {(p) => (
            <select {...p} defaultValue={result?.values.kind || 'block'}>
              <option value="block">Block list</option>
              <option value="allow">Allow list</option>
            </select>
          )}
        </Field>
        <Field
          name="value"
          idPrefix="abuse"
          label="IP address, range or email domain"
          hint="203.0.113.7, 203.0.113.0/24, 2001:db8::/48 or example.com"
          errors={errors}
        >
          {(p) => <input {...p} className="mono" defaultValue={result?.values.value} />}
        </Field>
        <Field name="note" idPrefix="abuse" label="Note (optional)" errors={errors}>
          {(p) => <input {...p} maxLength={200} defaultValue={result?.values.note} />}
        </Field>
        <button className="button button--primary" type="submit">
          Add
        </button>
      </Form>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
