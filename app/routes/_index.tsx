import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PetitionCard } from '~/components/petition-card'
import { listOpenPetitions } from '~/models/public-petition.server'
import { formatDate } from '~/utils/time'

export const meta: MetaFunction = () => [
  { title: 'Vigil · Open petitions, most urgent first' },
  {
    name: 'description',
    content: 'Petitions for people facing execution, ordered by the date that matters.',
  },
]

export async function loader() {
  const petitions = (await listOpenPetitions({ limit: 100 })).map((p) => ({
    ...p,
    dateLabel: p.nextDate ? formatDate(p.nextDate, p.timeZone) : null,
  }))
  return { petitions, renderedAt: new Date().toISOString() }
}

export default function Home() {
  const { petitions, renderedAt } = useLoaderData<typeof loader>()
  const now = new Date(renderedAt)
  return (
    <>
      <section className="hero">
        <h1>Every name counts before the date</h1>
        <p>
          Open petitions for people facing execution, the most urgent first. Sign, confirm by email,
          and your name reaches the officials who decide.
        </p>
      </section>
      {petitions.length === 0 ? (
        <p className="panel">There are no open petitions right now.</p>
      ) : (
        <div className="cards">
          {petitions.map((p) => (
            <PetitionCard key={p.id} petition={p} now={now} />
          ))}
        </div>
      )}
    </>
  )
}
