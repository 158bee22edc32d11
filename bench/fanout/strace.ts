// System calls of a benchmark's server process per delivery: `strace -c -f`
// attached for one round (strace slows the process, so that round's CPU and
// latency are not used).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** System calls reported per delivery (the others are summed as "other"). */
const SYSCALLS = [
  "sendmsg",
  "sendmmsg",
  "recvmsg",
  "recvmmsg",
  "recvfrom",
  "sendto",
  "writev",
  "read",
  "epoll_wait",
  "futex",
  "write",
  "mmap",
  "munmap",
  "madvise",
];

export const hasStrace = (() => {
  try {
    execFileSync("strace", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** `strace -c` summary rows: calls per system call name. */
function parseStraceSummary(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || !/^\d+\.\d+$/.test(f[0]!) || f.at(-1) === "total") continue;
    calls.set(f.at(-1)!, Number(f[3]));
  }
  return calls;
}

/**
 * Runs `during` with `strace -c -f` attached to `pid`: the system calls per
 * delivery, `during` resolving with the deliveries it made; undefined when strace
 * could not attach (e.g. ptrace not allowed) — `during` runs all the same.
 */
export async function straced(
  pid: number,
  during: () => Promise<number>,
): Promise<Record<string, number> | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "bench-strace-"));
  const out = join(dir, "strace.txt");
  const strace = spawn("strace", ["-c", "-f", "-q", "-o", out, "-p", String(pid)], {
    stdio: "ignore",
  });
  const exited = new Promise((r) => strace.once("exit", r));
  try {
    await new Promise((r) => setTimeout(r, 500)); // attached to every thread
    const deliveries = await during();
    strace.kill("SIGINT");
    await exited;
    let calls: Map<string, number>;
    try {
      calls = parseStraceSummary(readFileSync(out, "utf8"));
    } catch {
      return undefined;
    }
    if (calls.size === 0) return undefined;
    const perDelivery: Record<string, number> = {};
    let other = 0;
    for (const [name, n] of calls) {
      if (SYSCALLS.includes(name)) perDelivery[name] = n / Math.max(1, deliveries);
      else other += n;
    }
    perDelivery.other = other / Math.max(1, deliveries);
    return perDelivery;
  } finally {
    if (strace.exitCode === null && strace.signalCode === null) strace.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A benchmark note's words for `straced`'s result (undefined: no strace). */
export const syscallsNote = (calls: Record<string, number> | undefined) =>
  calls === undefined
    ? "no system call counts (strace missing or not allowed to attach)"
    : `system calls per delivery under strace -c -f: ${Object.entries(calls)
        .filter(([, n]) => n >= 0.005)
        .map(([name, n]) => `${name} ${n.toFixed(2)}`)
        .join(", ")}`;
