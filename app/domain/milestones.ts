/**
 * Milestones: the shares of its goal at which a petition's organizers hear
 * that it is getting somewhere (and are offered a higher goal and an
 * update to the signers). Pure: the roll-up's detection, the dashboard and
 * the mail ask here. See docs/decisions/028-delivery-packet.md.
 */
export const MILESTONE_PERCENTS = [25, 50, 75, 100] as const
export type MilestonePercent = (typeof MILESTONE_PERCENTS)[number]

/** The count at which a milestone is reached: a share of the goal, rounded up. */
export function milestoneCount(goal: number, percent: MilestonePercent): number {
  return Math.ceil((goal * percent) / 100)
}

/** The milestones a count has reached for a goal, smallest first. */
export function reachedMilestones(count: number, goal: number): MilestonePercent[] {
  return MILESTONE_PERCENTS.filter((p) => count >= milestoneCount(goal, p))
}

/**
 * The goal offered in one click: at least double the old one and half as
 * much again as the count, rounded up to a number people say (1, 2, 2.5 or
 * 5 times a power of ten).
 */
export function suggestedGoal(count: number, goal: number): number {
  const wanted = Math.max(goal * 2, Math.ceil(count * 1.5), 10)
  const power = 10 ** Math.floor(Math.log10(wanted))
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= wanted)!
  return step * power
}

/** The prefilled campaign draft for "send a milestone update to signers". */
export function milestoneUpdateDraft(percent: MilestonePercent): { subject: string; body: string } {
  const reached =
    percent === 100 ? 'we reached our goal' : `we are ${percent}% of the way to our goal`
  return {
    subject: `{{ supporter.first_name }}, ${reached} for {{ case.person_name }}`,
    body: `Dear {{ supporter.first_name }},

Thanks to you, **{{ petition.total_signatures }}** people have signed "{{ petition.title }}": ${reached} of {{ petition.goal }}.

{{ case.person_name }}'s date is {{ case.next_date }}. Every new name still counts: please share the petition with one more person today.

{{ petition.url }}

With gratitude,
{{ organization.name }}`,
  }
}
