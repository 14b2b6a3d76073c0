import type { LinksFunction, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { useNonce } from '~/components/nonce'
import base from '~/styles/app.css'
import publicPages from '~/styles/public.css'
import forms from '~/styles/forms.css'
import accounts from '~/styles/accounts.css'
import dashboard from '~/styles/dashboard.css'
import mail from '~/styles/mail.css'
import reach from '~/styles/reach.css'

/** One stylesheet per part of the site, in cascade order (each long-cached). */
const STYLESHEETS = [base, publicPages, forms, accounts, dashboard, mail, reach]

/**
 * A route whose handle says `embed` is framed by other sites: no header,
 * footer or Remix scripts (it works as plain HTML; its own small script
 * resizes its frame).
 */
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

function useEmbedded(): boolean {
  return useMatches().some((m) => (m.handle as { embed?: boolean } | undefined)?.embed)
}

export const links: LinksFunction = () => [
  ...STYLESHEETS.map((href) => ({ rel: 'stylesheet', href })),
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

/** The title of an error page (a route's own meta is not there when it failed). */
export const meta: MetaFunction = ({ error }) =>
  error
    ? [
        {
          title: `${isRouteErrorResponse(error) && error.status === 404 ? 'Page not found' : 'Something went wrong'} · Vigil`,
        },
      ]
    : []

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const organization = useFooterOrganization()
  if (useEmbedded())
    return (
      <html lang="en">
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
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#7a1d1d" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link to="/" className="brand">
              Vigil
            </Link>
            <nav aria-label="Site">
              <Link to="/">Petitions</Link>
              <Link to="/dashboard">Organizers</Link>
            </nav>
          </div>
        </header>
        <main id="main" className="container">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            {organization ? (
              <p>
                Organized by {organization.name}
                {organization.contactEmail ? (
                  <>
                    {' '}
                    · Contact:{' '}
                    <a href={`mailto:${organization.contactEmail}`}>{organization.contactEmail}</a>
                  </>
                ) : null}
                {organization.privacyUrl ? (
                  <>
                    {' '}
                    · <a href={organization.privacyUrl}>{organization.name}’s privacy notice</a>
                  </>
                ) : null}
              </p>
            ) : null}
            <p>
              Vigil — petitions and outreach for people facing execution, timed to the date that
              matters.
            </p>
            <ul className="site-footer__links">
              <li>
                <Link to="/privacy">Privacy notice</Link>
              </li>
              <li>
                <Link to="/terms">Terms of use</Link>
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
  const status = isRouteErrorResponse(error) ? error.status : 500
  const title =
    status === 404
      ? 'Page not found'
      : status === 409
        ? 'Not open for signatures'
        : status === 400 || status === 413
          ? 'This request could not be read'
          : 'Something went wrong'
  // Remix's own 404 for an address no route matches says so in a developer's words.
  const internal = isRouteErrorResponse(error) && (error as { internal?: boolean }).internal
  const message = isRouteErrorResponse(error)
    ? typeof error.data === 'string' && !internal
      ? error.data
      : 'There is no page at this address. It may have moved, or the link may be mistyped.'
    : 'An unexpected error happened. Please try again in a moment.'
  return (
    <section className="panel narrow">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">See all open petitions</Link>
      </p>
    </section>
  )
}
