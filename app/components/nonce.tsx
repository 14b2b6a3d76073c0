import { createContext, useContext } from 'react'

/**
 * This response's Content-Security-Policy nonce, for the scripts Remix
 * writes inline (app/utils/security-headers.server.ts). Server-side only:
 * in the browser it is undefined, and the nonce is not needed any more.
 */
const NonceContext = createContext<string | undefined>(undefined)

export const NonceProvider = NonceContext.Provider

export function useNonce(): string | undefined {
  return useContext(NonceContext)
}
