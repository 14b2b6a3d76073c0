/**
 * Pure rules of the abuse defences (decision 026), shared by the sign
 * statement (models/signature.server.ts), the dashboard and the browser.
 */

/**
 * Large public mail providers: thousands of genuine signers share each of
 * these domains, so the per-domain limit never applies to them (the
 * per-address limit still does). Kept in the code, not in settings.
 */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'passport.com',
  'yahoo.com',
  'ymail.com',
  'rocketmail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aim.com',
  'proton.me',
  'protonmail.com',
  'protonmail.ch',
  'pm.me',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'web.de',
  't-online.de',
  'zoho.com',
  'fastmail.com',
  'tutanota.com',
  'tuta.io',
  'hey.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'btinternet.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'cox.net',
  'charter.net',
  'earthlink.net',
  'rediffmail.com',
  'uol.com.br',
  'bol.com.br',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'interia.pl',
])

/** Providers with a domain per country: hotmail.fr, yahoo.co.uk, outlook.com.br, gmx.de … */
const COUNTRY_VARIANTS =
  /^(hotmail|outlook|live|windowslive|yahoo|aol|gmx|icloud)\.(?:(?:co|com)\.)?[a-z]{2}$/

export function isPublicMailDomain(domain: string): boolean {
  const d = domain.trim().toLowerCase()
  return PUBLIC_MAIL_DOMAINS.has(d) || COUNTRY_VARIANTS.test(d)
}

/** The domain part of an email address, lower case. */
export function emailDomain(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase()
}

/**
 * A petition's dashboard page shows the addresses and domains signing
 * unusually often in the last hour: an address at a quarter of its limit,
 * a (non-public) domain at a tenth of its limit, and never fewer than a few.
 */
export function unusualThresholds(limits: { perIp: number; perDomain: number }) {
  return {
    perIp: Math.max(3, Math.ceil(limits.perIp / 4)),
    perDomain: Math.max(5, Math.ceil(limits.perDomain / 10)),
  }
}
