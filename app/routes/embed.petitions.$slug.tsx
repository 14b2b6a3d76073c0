import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { localized, localizedOptional } from '~/domain/content-language'
import { translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { GoalBar } from '~/components/goal-bar'
import { useNonce } from '~/components/nonce'
import { SignForm, type SignErrors, type SignValues } from '~/components/sign-form'
import { privacyNoticeText } from '~/domain/privacy'
import { renderMarkdown } from '~/utils/markdown.server'
import { acceptsSignatures } from '~/domain/states'
import { normalizeSource, SHARE_SOURCES, withSource } from '~/domain/sources'
import { getPublicPetitionBySlug } from '~/models/public-petition.server'
import { signFromForm } from '~/services/sign-form.server'
import { getOrganizationContact } from '~/services/organization.server'
import { env } from '~/utils/env.server'
import { subscribeConsentText } from '~/validation/signature-fields'

/**
 * The embed (contract: `/embed/petitions/:slug`): the count and a compact
 * sign form for other sites' pages. Framed by anyone (`frame-ancestors *`
 * for /embed/ alone: app/utils/security-headers.server.ts), plain HTML
 * without Remix's scripts (root.tsx), the same fields and answers as the
 * petition page; a signature without a `source` records `embed`. One
 * small inline script tells the host page its height (public/embed.js).
 */
export const handle = { embed: true }

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  {
    title: d
      ? metaT(matches)('embed.title', { title: d.title })
      : metaT(matches)('petition.not_found_title'),
  },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition) throw new Response(translator(language)('error.no_petition'), { status: 404 })
  const title = localized(petition.title, petition.titleEs, language)
  const letter = localizedOptional(petition.letterDefault, petition.letterDefaultEs, language)
  const privacy = privacyNoticeText(petition.organizationName, petition.privacyNotice, language)
  const url = new URL(request.url)
  const source = normalizeSource(url.searchParams.get('source')) ?? SHARE_SOURCES.embed
  return {
    slug: petition.slug,
    title: title.text,
    titleLang: title.lang,
    personName: petition.case.personName,
    count: petition.signatureCount,
    goal: petition.goal,
    open: acceptsSignatures(petition.status),
    letterDefault: letter?.text ?? null,
    letterLang: letter?.lang ?? language,
    consentText: subscribeConsentText(petition.organizationName, language),
    organizationName: petition.organizationName,
    partners: petition.partners,
    contact: await getOrganizationContact(petition.organizationId),
    // Beside the sign form, as on the petition page (decision 037).
    privacyNoticeHtml: renderMarkdown(privacy.text),
    privacyNoticeLang: privacy.lang,
    source,
    signed: url.searchParams.get('signed') === '1',
    petitionUrl: withSource(`${env().appUrl}/petitions/${petition.slug}`, source),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await signFromForm({
    request,
    slug: params.slug!,
    context,
    defaultSource: SHARE_SOURCES.embed,
  })
  if (!result.signed) return data({ errors: result.errors, values: result.values }, { status: 400 })
  return redirect(`/embed/petitions/${result.slug}?signed=1`, 303)
}

/** Tells the page that frames this one how tall it is (public/embed.js listens). */
const RESIZE_SCRIPT = `(function(){var last=0;function tell(){var h=document.documentElement.scrollHeight;if(h!==last){last=h;parent.postMessage({type:'vigil:embed-height',height:h},'*')}}addEventListener('load',tell);if(window.ResizeObserver)new ResizeObserver(tell).observe(document.body);tell()})()`

export default function PetitionEmbed() {
  const p = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: SignErrors; values: SignValues } | undefined
  const nonce = useNonce()
  const { t, i18n } = useTranslation()
  const other = (lang: string) => (lang === i18n.language ? undefined : lang)
  return (
    <main className="embed">
      <p className="eyebrow">{t('embed.for', { name: p.personName })}</p>
      <h1 lang={other(p.titleLang)}>
        <a href={p.petitionUrl} target="_blank" rel="noopener noreferrer">
          {p.title}
        </a>
      </h1>
      <GoalBar count={p.count} goal={p.goal} />
      {p.signed ? (
        <div className="notice" role="status">
          <h2>{t('embed.thanks_heading')}</h2>
          <p>{t('embed.thanks_text')}</p>
        </div>
      ) : p.open ? (
        <SignForm
          compact
          values={actionData?.values}
          errors={actionData?.errors}
          letterDefault={p.letterDefault}
          letterLang={other(p.letterLang)}
          consentText={p.consentText}
          partners={p.partners}
          source={p.source}
        />
      ) : (
        <p role="status">{t('embed.closed')}</p>
      )}
      {p.open && !p.signed ? (
        <details className="privacy-notice">
          <summary>{t('privacy.heading')}</summary>
          <div
            className="muted"
            lang={other(p.privacyNoticeLang)}
            dangerouslySetInnerHTML={{ __html: p.privacyNoticeHtml }}
          />
        </details>
      ) : null}
      <p className="embed__foot muted">
        {t('embed.organized_by', { name: p.organizationName })}{' '}
        {p.partners.length > 0
          ? `${t('embed.partners', { names: p.partners.map((x) => x.name).join(', ') })} `
          : null}
        {p.contact?.contactEmail ? (
          <>
            {t('footer.contact')}{' '}
            <a href={`mailto:${p.contact.contactEmail}`}>{p.contact.contactEmail}</a>.{' '}
          </>
        ) : null}
        <a href="/privacy" target="_blank" rel="noopener noreferrer">
          {t('embed.privacy')}
        </a>
        .{' '}
        <a href={p.petitionUrl} target="_blank" rel="noopener noreferrer">
          {t('embed.read_all')}
        </a>
      </p>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: RESIZE_SCRIPT }} />
    </main>
  )
}
