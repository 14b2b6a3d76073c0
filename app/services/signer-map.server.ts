import fs from 'node:fs'
import { createRequire } from 'node:module'
import { geoPath } from 'd3-geo'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { regionForFips, type UsRegionCode } from '~/domain/regions'

/**
 * The outline of each US state for the dashboard's map of signers, drawn
 * on the server: us-atlas's states, already projected (Albers USA, Alaska
 * and Hawaii inset, 975 × 610), turned into SVG paths by d3-geo once per
 * process. The page stays readable without JavaScript; the colours and the
 * table beside the map come from the counts (components/dashboard/signer-map.tsx).
 */

export interface StateShape {
  code: UsRegionCode
  name: string
  /** SVG path data. */
  d: string
}

export interface UsMapShapes {
  viewBox: string
  states: StateShape[]
}

let shapes: UsMapShapes | undefined

export function usMapShapes(): UsMapShapes {
  if (shapes) return shapes
  const file = createRequire(import.meta.url).resolve('us-atlas/states-albers-10m.json')
  const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology<{
    states: GeometryCollection<{ name: string }>
  }>
  // Whole units of a 975-unit-wide map: no eye sees finer on a dashboard, and it halves the page.
  const path = geoPath().digits(0)
  const states: StateShape[] = []
  for (const f of feature(topology, topology.objects.states).features) {
    const region = regionForFips(String(f.id))
    const d = path(f)
    if (region && d) states.push({ code: region.code, name: region.name, d })
  }
  shapes = { viewBox: '0 0 975 610', states }
  return shapes
}
