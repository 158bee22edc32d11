// CPU time of a process split by thread name (/proc/PID/task/*/stat), so a
// benchmark can tell the JavaScript thread from V8's GC helper threads.
import { readdirSync, readFileSync } from "node:fs";
import { CLOCK_TICKS } from "../processes.ts";

/** CPU seconds (user + system) per thread name of `pid`, numbered names merged ("V8 DefaultWorke"). */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).replace(/\d+$/, "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
    out.set(name, (out.get(name) ?? 0) + seconds);
  }
  return out;
}

/** Per-thread-name CPU between two `threadCpuSeconds` readings, µs per `deliveries`. */
export function threadCpuPerDelivery(
  before: Map<string, number>,
  after: Map<string, number>,
  deliveries: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, seconds] of after) {
    const us = ((seconds - (before.get(name) ?? 0)) * 1e6) / Math.max(1, deliveries);
    if (us >= 0.5) out[name] = Math.round(us * 10) / 10;
  }
  return out;
}
