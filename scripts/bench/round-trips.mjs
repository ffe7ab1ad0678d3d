/**
 * Counts a process's database round trips, on either engine: on PostgreSQL
 * every query a pg client sends (the pool's queries go through a client too;
 * BEGIN and COMMIT count), on SQLite every statement run (run/get/all/iterate,
 * and exec for BEGIN/COMMIT). A SQLite "round trip" is a call into the
 * library, not a network exchange, but it is the same count of statements.
 *
 * In process: `installRoundTripCounter()` returns the live counter.
 * In a server: `node --import ./scripts/bench/round-trips.mjs build/server.mjs`
 * with BENCH_ROUND_TRIPS_DIR set installs it in the primary and (node:cluster
 * passes execArgv on) in every worker; on SIGUSR2 each process writes its
 * count to <dir>/<pid>. `readRoundTrips()` asks them all and sums.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

// The app's own copies of the drivers (the built server imports them from node_modules).
const require = createRequire(path.join(process.cwd(), "package.json"));
/** `texts`: when an array, each round trip's SQL is appended (to see what a page asks). */
const counter = { count: 0, texts: null };
let installed = false;

/** A better-sqlite3 statement's text is its `source`; pg's query() and SQLite's exec() take it first. */
function sqlOf(self, args) {
  if (typeof self.source === "string") return self.source;
  const first = args[0];
  if (typeof first === "string") return first;
  return first && typeof first.text === "string" ? first.text : "?";
}

function counted(target, method) {
  const original = target[method];
  target[method] = function (...args) {
    counter.count++;
    if (counter.texts) counter.texts.push(sqlOf(this, args));
    return original.apply(this, args);
  };
}

export function installRoundTripCounter() {
  if (installed) return counter;
  installed = true;
  counted(require("pg").Client.prototype, "query");
  const Database = require("better-sqlite3");
  const probe = new Database(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("select 1"));
  probe.close();
  for (const method of ["run", "get", "all", "iterate"]) counted(statement, method);
  counted(Database.prototype, "exec");
  return counter;
}

/** Sends SIGUSR2 to each process and sums the counts they write (processes without the counter must not be given). */
export async function readRoundTrips(dir, pids) {
  for (const pid of pids) fs.rmSync(path.join(dir, String(pid)), { force: true });
  for (const pid of pids) process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + 5000;
  let total = 0;
  for (const pid of pids) {
    const file = path.join(dir, String(pid));
    while (!fs.existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`process ${pid} did not report its round trips`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    total += Number(fs.readFileSync(file, "utf8"));
  }
  return total;
}

const dir = process.env.BENCH_ROUND_TRIPS_DIR;
if (dir) {
  installRoundTripCounter();
  process.on("SIGUSR2", () => {
    const file = path.join(dir, String(process.pid));
    // Written whole, then renamed: the reader never sees half a number.
    fs.writeFileSync(`${file}.tmp`, String(counter.count));
    fs.renameSync(`${file}.tmp`, file);
  });
}
