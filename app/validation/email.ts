const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com'])

/**
 * The form of an address that decides whether two signatures are the same
 * person: lower case, `+tags` dropped, and for Gmail the dots too. Mail still
 * goes to the address as typed.
 */
export function canonicalEmail(email: string): string {
  const trimmed = email.trim().toLowerCase()
  const at = trimmed.lastIndexOf('@')
  if (at < 1) return trimmed
  let local = trimmed.slice(0, at)
  let domain = trimmed.slice(at + 1)
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '')
    domain = 'gmail.com'
  }
  return `${local}@${domain}`
}
