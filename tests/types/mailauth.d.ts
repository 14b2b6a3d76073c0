/** The part of mailauth 4.x (untyped) that the deliverability tests use. */
declare module 'mailauth' {
  type Resolver = (name: string, rrtype: string) => Promise<unknown>
  interface AuthResult {
    dkim: {
      headerFrom: string[]
      results: { signingDomain: string; selector: string; status: { result: string } }[]
    }
    dmarc: { status: { result: string } } | false
  }
  export function authenticate(
    input: Buffer | string,
    opts: {
      ip?: string
      helo?: string
      sender?: string
      mta?: string
      resolver?: Resolver
      disableArc?: boolean
      disableDmarc?: boolean
      disableBimi?: boolean
    },
  ): Promise<AuthResult>
}
