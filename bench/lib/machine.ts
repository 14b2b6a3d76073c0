import fs from 'node:fs'
import os from 'node:os'

export interface Machine {
  date: string
  cpus: number
  memoryGiB: number
  cpuModel: string
  node: string
  postgres: string
  /** 1, 5 and 15-minute load averages as the run began: how busy the shared machine was. */
  loadAverage: string
}

function cpuModel(): string {
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'))
    if (line) return line.split(':')[1]!.trim()
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown'
}

export function describeMachine(postgresVersion: string): Machine {
  return {
    date: new Date().toISOString(),
    // What `nproc` prints: the CPUs this process may run on.
    cpus: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpuModel(),
    node: process.version,
    postgres: postgresVersion,
    loadAverage: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(', '),
  }
}
