/**
 * A process and its children, read from Linux's /proc: the benchmark and
 * soak sum the memory of the server's primary and its cluster workers, and
 * the integration tests find (and kill) the workers.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";

function status(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
}

function statusField(text: string | undefined, field: string): string | undefined {
  return text ? new RegExp(`^${field}:\\s*(.*)$`, "m").exec(text)?.[1] : undefined;
}

/** Running (not exited, not a zombie waiting to be reaped). */
export function isAlive(pid: number): boolean {
  const state = statusField(status(pid), "State");
  return state !== undefined && !state.startsWith("Z") && !state.startsWith("X");
}

/** The live direct children of `pid`. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const text = status(Number(name));
    if (statusField(text, "PPid") === String(pid) && isAlive(Number(name))) out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}

/**
 * The live cluster workers of a primary: its children that node:cluster
 * forked (they carry NODE_UNIQUE_ID), not other helpers it may have spawned
 * (tsx starts an esbuild service when it has something to compile).
 */
export function clusterWorkerPids(pid: number): number[] {
  return childPids(pid).filter((child) => {
    try {
      return fs
        .readFileSync(`/proc/${child}/environ`, "latin1")
        .split("\0")
        .some((entry) => entry.startsWith("NODE_UNIQUE_ID="));
    } catch {
      return false;
    }
  });
}

/** A memory figure of /proc/<pid>/status in MB (VmHWM: peak resident; VmRSS: resident now); 0 when the process is gone. */
export function memoryMb(pid: number, field: "VmHWM" | "VmRSS"): number {
  const kb = Number(/^(\d+)/.exec(statusField(status(pid), field) ?? "")?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/** The server's memory: its own process plus every cluster worker, and each on its own. */
export function serverMemoryMb(pid: number, field: "VmHWM" | "VmRSS"): { totalMb: number; primaryMb: number; workersMb: number[] } {
  const primaryMb = memoryMb(pid, field);
  const workersMb = clusterWorkerPids(pid).map((child) => memoryMb(child, field));
  const totalMb = Math.round((primaryMb + workersMb.reduce((a, b) => a + b, 0)) * 10) / 10;
  return { totalMb, primaryMb, workersMb };
}

/** Proportional set size in MB (shared pages split between the processes that share them); 0 when gone. */
export function pssMb(pid: number): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    return Math.round(Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0) / 102.4) / 10;
  } catch {
    return 0;
  }
}

/**
 * Samples the server's total PSS (primary + workers) until stopped and keeps
 * the peak: summed RSS counts the code pages the workers share once per
 * process, PSS counts them once.
 */
export function samplePeakPss(pid: number, everyMs = 250): () => number {
  let peak = 0;
  const timer = setInterval(() => {
    const total = [pid, ...clusterWorkerPids(pid)].reduce((sum, p) => sum + pssMb(p), 0);
    peak = Math.max(peak, total);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.round(peak * 10) / 10;
  };
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on Linux). */
let ticksPerSecond: number | undefined;
function userHz(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** A process's CPU times from /proc/<pid>/stat, in clock ticks: its own (user + system) and its reaped children's; null when it is gone. */
function cpuTicks(pid: number): { own: number; reaped: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces: fields count from after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null;
  }
}

/** CPU time (user + system) one process has used, in ms; 0 when it is gone. */
function ownCpuMs(pid: number): number {
  return ((cpuTicks(pid)?.own ?? 0) * 1000) / userHz();
}

/**
 * CPU time used so far by a server: its own process and its live children
 * (the cluster workers), in ms. A worker that died in between is not counted.
 */
export function cpuMs(pid: number): number {
  return ownCpuMs(pid) + childPids(pid).reduce((sum, child) => sum + ownCpuMs(child), 0);
}

/**
 * CPU time (user + system, ms) a PostgreSQL server has used: the postmaster,
 * the children it has reaped (backends that ended: their time moves into its
 * cutime/cstime) and its live children (backends, the checkpointer, WAL
 * writer, autovacuum…). A backend that ends between two readings is
 * therefore still counted once.
 */
export function postgresCpuMs(postmaster: number): number {
  const root = cpuTicks(postmaster);
  if (!root) return 0;
  const ticks = root.own + root.reaped + childPids(postmaster).reduce((sum, child) => sum + (cpuTicks(child)?.own ?? 0), 0);
  return (ticks * 1000) / userHz();
}
