import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getPublicPetitionBySlug } from '~/models/public-petition.server'
import { env } from '~/utils/env.server'
import { ShareButtons } from '~/components/share-buttons'

export const meta: MetaFunction = () => [{ title: 'Check your email · Vigil' }]

export async function loader({ params }: LoaderFunctionArgs) {
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition) throw new Response('There is no petition at this address.', { status: 404 })
  const url = `${env().appUrl}/petitions/${petition.slug}`
  return {
    title: petition.title,
    slug: petition.slug,
    url,
    callable: petition.targets.some((t) => t.callable),
  }
}

export default function Thanks() {
  const { title, slug, url, callable } = useLoaderData<typeof loader>()
  return (
    <section className="panel narrow thanks">
      <h1>One more step: check your email</h1>
      <p>
        We sent you an email. <strong>Open it and press “Confirm my signature”</strong> — your name
        counts only once you do. If it is not there in a few minutes, look in your spam folder.
      </p>
      {callable ? (
        <>
          <h2>Then, call the offices that decide</h2>
          <p>
            A call takes two minutes, and offices count them. We give you the numbers, whether each
            office is open now, and what to say.
          </p>
          <p>
            <Link className="button button--primary" to={`/petitions/${slug}/call`}>
              Call the decision makers
            </Link>
          </p>
        </>
      ) : null}
      <h2>{callable ? 'And ask others to sign' : 'Then, ask others to sign'}</h2>
      <p>Every signature before the date matters.</p>
      <ShareButtons petitionUrl={url} title={title} heading="Share the petition" />
      <p>
        <Link to={`/petitions/${slug}`}>Back to the petition</Link>
      </p>
    </section>
  )
}
