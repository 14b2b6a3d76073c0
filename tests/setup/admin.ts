import postgres from 'postgres'
import { socketTargetFromUrl } from '../../app/utils/db.server'

/** A connection to the test server's maintenance database. */
export function adminSql(adminUrl: string) {
  const socket = socketTargetFromUrl(adminUrl)
  const options = { max: 1, onnotice: () => {} }
  return socket
    ? postgres({
        ...options,
        path: `${socket.socketDir}/.s.PGSQL.${socket.port}`,
        user: socket.user,
        database: socket.database,
      })
    : postgres(adminUrl, options)
}

/** The same server, another database. */
export function urlForDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}
