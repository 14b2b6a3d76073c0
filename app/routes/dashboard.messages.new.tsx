import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { MessageForm } from '~/components/dashboard/message-form'
import type { Errors } from '~/components/ui/field'
import { listMessagePetitionChoices } from '~/models/message.server'
import { createCampaign } from '~/services/campaigns.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { requireOrganizer } from '~/services/auth.server'
import { readForm } from '~/utils/form.server'
import { errorsByField, formObject } from '~/validation/dashboard'
import { MessageFormSchema } from '~/validation/message'
import {
  MILESTONE_PERCENTS,
  milestoneUpdateDraft,
  type MilestonePercent,
} from '~/domain/milestones'

export const meta: MetaFunction = () => [{ title: 'New message · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const url = new URL(request.url)
  const petitionId = url.searchParams.get('petitionId')
  // "Send a milestone update to signers" (decision 028): the draft prefilled.
  const milestone = Number(url.searchParams.get('milestone'))
  const draft = (MILESTONE_PERCENTS as readonly number[]).includes(milestone)
    ? milestoneUpdateDraft(milestone as MilestonePercent)
    : null
  return {
    petitions: await listMessagePetitionChoices({ organizationId }),
    petitionIds: petitionId ? [petitionId] : [],
    draft,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const raw = formObject(await readForm(request), ['petitionIds'])
  const parsed = MessageFormSchema.safeParse(raw)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error), values: raw }, { status: 400 })
  try {
    const message = await createCampaign({
      organizationId: organizer.organizationId,
      createdBy: organizer.userId,
      ...parsed.data,
    })
    return redirect(`/dashboard/messages/${message.id}?done=created`, 303)
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values: raw }, { status })
  }
}

export default function NewMessage() {
  const { petitions, petitionIds, draft } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string | string[]> } | undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/messages">Campaigns</Link>
      </p>
      <h1>New message to signers</h1>
      <p className="muted">
        Saved as a draft: you see a preview with a real signer&rsquo;s data and can send yourself a
        test before anyone else gets it.
      </p>
      <div className="panel narrow-form">
        <MessageForm
          values={actionData?.values ?? { petitionIds, ...draft }}
          errors={actionData?.errors}
          petitions={petitions}
          submitLabel="Save draft and preview"
        />
      </div>
    </div>
  )
}
