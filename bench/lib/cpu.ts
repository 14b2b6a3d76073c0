import fs from 'node:fs'

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100

function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    // The command name may hold spaces: the fields start after its closing parenthesis.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }
  } catch {
    return null
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  return (stat(pid)?.ticks ?? 0) / TICKS_PER_SECOND
}

/**
 * CPU seconds used so far by a process and every process below it (a
 * cluster's web processes): read from /proc, so a process that has exited
 * no longer counts; read it while they all run.
 */
export function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>()
  const ticks = new Map<number, number>()
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const pid = Number(name)
    const s = stat(pid)
    if (!s) continue
    ticks.set(pid, s.ticks)
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid])
  }
  let total = 0
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()!
    total += ticks.get(pid) ?? 0
    stack.push(...(children.get(pid) ?? []))
  }
  return total / TICKS_PER_SECOND
}

/** The pids below a process (a cluster's web processes). */
export function childPids(root: number): number[] {
  const found: number[] = []
  for (const name of fs.readdirSync('/proc')) {
    if (/^\d+$/.test(name) && stat(Number(name))?.ppid === root) found.push(Number(name))
  }
  return found
}
