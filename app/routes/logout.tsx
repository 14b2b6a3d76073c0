import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { signOut } from '~/services/auth.server'

// Signing out is a POST (a link or prefetch must not end a session).
export async function action({ request }: ActionFunctionArgs) {
  return signOut(request)
}

export function loader() {
  return redirect('/dashboard')
}
