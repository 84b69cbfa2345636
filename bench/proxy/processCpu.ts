import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every Linux build Node runs on). */
const ticksPerSecond = 100;

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined where
 * there is no /proc (not Linux) or the process is gone. The bench reports CPU per request beside
 * the latencies: on a machine this small the server, PostgreSQL and the load generator share two
 * cores, and CPU per request says which of them a change made cheaper.
 */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by each process named `name` on this machine (e.g. every PostgreSQL
 * backend), by pid; undefined where there is no /proc. Compare two of these with cpuSecondsBetween.
 */
export function namedProcessesCpu(name: string): Map<number, number> | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== name) continue;
    } catch {
      continue;
    }
    const seconds = processCpuSeconds(Number(pid));
    if (seconds !== undefined) used.set(Number(pid), seconds);
  }
  return used;
}

/**
 * CPU seconds the processes used between two namedProcessesCpu readings: what each process seen
 * at the end used since the start (all of it for one that started in between). A process that
 * ended in between is left out (its last seconds cannot be read), so the sum is never negative;
 * pools keep their connections open, so on the bench's runs nearly nothing ends.
 */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
