import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { LanguageSwitch } from '~/components/language-switch'
import { useNonce } from '~/components/nonce'
import { DEFAULT_LANGUAGE, i18nFor, isOrganizerPath, languageOr, type Language } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import stylesheet from '~/styles/vigil.css'

/** The organization behind the page (a route's `footer` data), for the footer's contact. */
function useFooterOrganization():
  { name: string; contactEmail: string | null; privacyUrl: string | null } | undefined {
  for (const m of [...useMatches()].reverse()) {
    const footer = (m.data as { footer?: unknown } | undefined)?.footer
    if (footer)
      return footer as { name: string; contactEmail: string | null; privacyUrl: string | null }
  }
  return undefined
}

/**
 * A route whose handle says `embed` is framed by other sites: no header,
 * footer or Remix scripts (it works as plain HTML; its own small script
 * resizes its frame).
 */
function useEmbedded(): boolean {
  return useMatches().some((m) => (m.handle as { embed?: boolean } | undefined)?.embed)
}

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

/** The title of an error page (a route's own meta is not there when it failed). */
export const meta: MetaFunction = ({ error, matches }) => {
  if (!error) return []
  const t = metaT(matches)
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return [{ title: `${notFound ? t('error.not_found') : t('error.unexpected')} · Vigil` }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  return { language: await requestLanguage(request) }
}

/** The reader's language (root loader); English where it did not run. */
export function useLanguage() {
  return languageOr(useRouteLoaderData<typeof loader>('root')?.language ?? DEFAULT_LANGUAGE)
}

export function Layout({ children }: { children: ReactNode }) {
  const language = useLanguage()
  return (
    <I18nextProvider i18n={i18nFor(language)}>
      <Document language={language}>{children}</Document>
    </I18nextProvider>
  )
}

function Document({ language, children }: { language: Language; children: ReactNode }) {
  const nonce = useNonce()
  const { t } = useTranslation()
  const organization = useFooterOrganization()
  const organizerPage = isOrganizerPath(useLocation().pathname)
  if (useEmbedded())
    return (
      <html lang={language}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <Meta />
          <Links />
        </head>
        <body className="embed-body">{children}</body>
      </html>
    )
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#7a1d1d" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('site.skip')}
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link to="/" className="brand">
              Vigil
            </Link>
            <nav aria-label="Site">
              <Link to="/">{t('site.petitions')}</Link>
              <Link to="/dashboard">{t('site.organizers')}</Link>
            </nav>
            {organizerPage ? null : <LanguageSwitch current={language} />}
          </div>
        </header>
        <main id="main" className="container">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            {organization ? (
              <p>
                {t('footer.organized_by', { name: organization.name })}
                {organization.contactEmail ? (
                  <>
                    {' '}
                    · {t('footer.contact')}{' '}
                    <a href={`mailto:${organization.contactEmail}`}>{organization.contactEmail}</a>
                  </>
                ) : null}
                {organization.privacyUrl ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={organization.privacyUrl}>
                      {t('footer.their_privacy', { name: organization.name })}
                    </a>
                  </>
                ) : null}
              </p>
            ) : null}
            <p>{t('site.footer')}</p>
            <ul className="site-footer__links">
              <li>
                <Link to="/privacy">{t('footer.privacy')}</Link>
              </li>
              <li>
                <Link to="/terms">{t('footer.terms')}</Link>
              </li>
            </ul>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const title =
    status === 404
      ? t('error.not_found')
      : status === 409
        ? t('error.not_open')
        : status === 400 || status === 413
          ? t('error.bad_request')
          : t('error.unexpected')
  // Remix's own 404 for an address no route matches says so in a developer's words.
  const internal = isRouteErrorResponse(error) && (error as { internal?: boolean }).internal
  const message = isRouteErrorResponse(error)
    ? typeof error.data === 'string' && !internal
      ? error.data
      : t('error.no_page')
    : t('error.try_again')
  return (
    <section className="panel narrow">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t('error.see_all')}</Link>
      </p>
    </section>
  )
}
