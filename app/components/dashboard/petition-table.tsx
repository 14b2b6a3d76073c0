import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { PetitionStatus } from '~/domain/states'
import { PETITION_STATUS_LABELS } from '~/domain/labels'

export interface PetitionTableRow {
  id: string
  title: string
  status: PetitionStatus
  personName: string
  /** Signatures held for review, shown beside the person's name when any. */
  held?: number
  goal: number
  confirmed: number
  pending: number
  today: number
}

/** Petitions with their confirmed, pending and today's counts (dashboard home and list). */
export function PetitionTable<Row extends PetitionTableRow>({
  rows,
  deadline,
}: {
  rows: Row[]
  /** The deadline cell: each page says it its own way. */
  deadline: (row: Row) => ReactNode
}) {
  const n = (value: number) => value.toLocaleString('en-US')
  return (
    <div className="table-wrap">
      <table className="table table--stack">
        <thead>
          <tr>
            <th scope="col">Petition</th>
            <th scope="col">Deadline</th>
            <th scope="col" className="num">
              Confirmed
            </th>
            <th scope="col" className="num">
              Pending
            </th>
            <th scope="col" className="num">
              Today
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td data-label="Petition">
                <Link to={`/dashboard/petitions/${p.id}`}>{p.title}</Link>{' '}
                <span className={`status status--${p.status}`}>
                  {PETITION_STATUS_LABELS[p.status]}
                </span>
                <div className="muted small">
                  {p.personName}
                  {p.held ? ` · ${n(p.held)} held for review` : ''}
                </div>
              </td>
              <td data-label="Deadline">{deadline(p)}</td>
              <td data-label="Confirmed" className="num">
                {n(p.confirmed)}
                <div className="muted small">of {n(p.goal)}</div>
              </td>
              <td data-label="Pending" className="num">
                {n(p.pending)}
              </td>
              <td data-label="Today" className="num">
                {n(p.today)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
