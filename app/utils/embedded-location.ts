import path from 'node:path'

/**
 * Where the embedded PostgreSQL server lives under DATA_DIR and how it is
 * reached (db/embedded.ts starts and stops it; the pool connects to it).
 */

/** The port only names the socket file; nothing listens on TCP. */
export const EMBEDDED_PORT = 5432
export const EMBEDDED_USER = 'postgres'
export const EMBEDDED_DATABASE = 'vigil'

export interface EmbeddedLocation {
  dataDir: string
  clusterDir: string
  socketDir: string
  logFile: string
}

export function embeddedLocation(dataDir: string): EmbeddedLocation {
  return {
    dataDir,
    clusterDir: path.join(dataDir, 'postgres'),
    socketDir: path.join(dataDir, 'run'),
    logFile: path.join(dataDir, 'postgres.log'),
  }
}
