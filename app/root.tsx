import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { LanguageSwitch } from '~/components/language-switch'
import { useNonce } from '~/components/nonce'
import { DEFAULT_LANGUAGE, i18nFor, isOrganizerPath, languageOr, type Language } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import base from '~/styles/app.css'
import publicPages from '~/styles/public.css'
import forms from '~/styles/forms.css'
import accounts from '~/styles/accounts.css'
import dashboard from '~/styles/dashboard.css'
import mail from '~/styles/mail.css'

/** One stylesheet per part of the site, in cascade order (each long-cached). */
const STYLESHEETS = [base, publicPages, forms, accounts, dashboard, mail]

export const links: LinksFunction = () => [
  ...STYLESHEETS.map((href) => ({ rel: 'stylesheet', href })),
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

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
  const organizerPage = isOrganizerPath(useLocation().pathname)
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
          <div className="container">{t('site.footer')}</div>
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
  const message = isRouteErrorResponse(error)
    ? typeof error.data === 'string'
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
