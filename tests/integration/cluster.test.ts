/**
 * The production server as a cluster (WEB_CONCURRENCY=2): two worker
 * processes serve one port, a killed worker is replaced, SIGTERM finishes an
 * in-flight request and closes the database cleanly, and no worker outlives
 * a SIGKILLed primary. Workers are told apart by the pid in their log lines
 * and found through /proc; nothing in a response reveals them.
 */
import fs from "node:fs";
import http from "node:http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive } from "../../scripts/lib/proc";
import {
  freshDemoDatabase,
  getOnNewConnection,
  insertApiToken,
  organisationOf,
  relationshipBetween,
  startServer,
  waitUntil,
  type RunningServer,
} from "../support/server";
import { demo } from "../support/demo-accounts";

const STAFF = demo.companyStaff.email;
const SUPPLIER_A = demo.supplierAAdmin.email;
const LISTENING = "Service chain portal listening on";

type LogLine = {
  level: number;
  pid?: number;
  role?: string;
  msg?: string;
  workerPid?: number;
  exitCode?: number | null;
  signal?: string | null;
  req?: { id?: string };
};

function logLines(server: RunningServer): LogLine[] {
  return server
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as LogLine);
}

/** The pid of the worker that logged each of these request ids. */
function pidsOfRequests(server: RunningServer, ids: string[]): Map<string, number | undefined> {
  const byId = new Map(
    logLines(server)
      .filter((l) => l.req?.id)
      .map((l) => [l.req!.id!, l.pid]),
  );
  return new Map(ids.map((id) => [id, byId.get(id)]));
}

async function serveThroughBothWorkers(server: RunningServer, tag: string): Promise<{ pids: Set<number | undefined>; headers: http.IncomingHttpHeaders[] }> {
  const ids = Array.from({ length: 8 }, (_, i) => `${tag}-${i}-${Date.now()}`);
  const answers = [];
  for (const id of ids) answers.push(await getOnNewConnection(`${server.url}/healthz`, { "X-Request-Id": id }));
  expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
  await waitUntil(() => [...pidsOfRequests(server, ids).values()].every(Boolean), 5_000, "the request log lines");
  return { pids: new Set(pidsOfRequests(server, ids).values()), headers: answers.map((a) => a.headers) };
}

async function startCluster(databasePath: string): Promise<RunningServer> {
  const server = await startServer(databasePath, { env: { WEB_CONCURRENCY: "2", LOG_LEVEL: "info" } });
  await waitUntil(() => server.output().includes(LISTENING), 60_000, "every worker listening");
  return server;
}

let databasePath: string;
let server: RunningServer | undefined;
let orphanTest: RunningServer | undefined;
let token: string;
let hostingRel: number;

beforeAll(async () => {
  databasePath = await freshDemoDatabase("portal-cluster-");
  const hostingId = organisationOf(databasePath, SUPPLIER_A);
  hostingRel = relationshipBetween(databasePath, hostingId, organisationOf(databasePath, STAFF));
  token = insertApiToken(databasePath, hostingId, "cluster");
  server = await startCluster(databasePath);
}, 90_000);

afterAll(async () => {
  await server?.crash();
  await orphanTest?.crash();
});

describe("WEB_CONCURRENCY=2", () => {
  it("runs two workers under one primary, which prints the URL once", () => {
    const workers = server!.workerPids();
    expect(workers).toHaveLength(2);
    expect(workers).not.toContain(server!.child.pid);
    const listening = logLines(server!).filter((l) => l.msg?.startsWith(LISTENING));
    expect(listening).toHaveLength(1);
    expect(listening[0]).toMatchObject({ pid: server!.child.pid, role: "primary", msg: `${LISTENING} http://localhost:${server!.port}` });
  });

  it("serves requests (/healthz included) from both workers, without revealing which in the response", async () => {
    const workers = server!.workerPids();
    const { pids, headers } = await serveThroughBothWorkers(server!, "spread");
    expect([...pids].sort((a, b) => a! - b!)).toEqual(workers);
    for (const h of headers) {
      expect(Object.keys(h).filter((k) => /worker|pid/i.test(k))).toEqual([]);
      for (const pid of workers) expect(Object.values(h).join(" ")).not.toContain(String(pid));
    }
  });

  it("replaces a killed worker, and logs its pid and how it ended", async () => {
    const [victim, survivor] = server!.workerPids();
    process.kill(victim, "SIGKILL");
    await waitUntil(() => logLines(server!).some((l) => l.msg === "replacement worker listening"), 60_000, "a replacement worker");
    const died = logLines(server!).find((l) => l.msg === "worker exited unexpectedly; starting a replacement");
    expect(died).toMatchObject({ level: 50, pid: server!.child.pid, workerPid: victim, exitCode: null, signal: "SIGKILL" });
    const workers = server!.workerPids();
    expect(workers).toHaveLength(2);
    expect(workers).toContain(survivor);
    expect(workers).not.toContain(victim);
    const { pids } = await serveThroughBothWorkers(server!, "replaced");
    expect([...pids].sort((a, b) => a! - b!)).toEqual(workers);
  }, 90_000);

  it("on SIGTERM finishes an in-flight request, closes the database cleanly and exits 0", async () => {
    const workers = server!.workerPids();
    const payload = JSON.stringify({ measurements: [{ metric: "availability", relationshipId: hostingRel, month: "2025-11", value: 97.25 }] });
    const bytes = Buffer.from(payload);
    // A slow upload: half the body now, the rest after the shutdown has begun.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${server!.url}/api/v1/measurements`, {
        method: "POST",
        agent: false,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Content-Length": bytes.length, "X-Request-Id": "slow-upload-0001" },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.write(bytes.subarray(0, 20));
      setTimeout(async () => {
        server!.child.kill("SIGTERM");
        try {
          // Both workers have begun to shut down; the idle one is gone.
          await waitUntil(
            () => logLines(server!).filter((l) => l.msg === "shutting down: finishing in-flight requests").length === 2,
            10_000,
            "both workers shutting down",
          );
          await waitUntil(() => workers.filter(isAlive).length === 1, 10_000, "the idle worker to exit");
          await new Promise((r) => setTimeout(r, 300));
          req.end(bytes.subarray(20));
        } catch (error) {
          reject(error);
        }
      }, 500);
    });
    const res = await answer;
    expect(res.status).toBe(200);
    const counts = JSON.parse(res.body) as { inserted: number; updated: number };
    expect(counts.inserted + counts.updated).toBe(1);
    expect(await server!.exited).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
    const lines = logLines(server!);
    for (const pid of workers) expect(lines.some((l) => l.pid === pid && l.msg === "database closed; exiting")).toBe(true);
    expect(lines.some((l) => l.msg === "all workers stopped; exiting")).toBe(true);

    // The last connection to close checkpointed the WAL into the file and removed it.
    expect(fs.existsSync(`${databasePath}-wal`)).toBe(false);
    const db = new Database(databasePath, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const row = db
      .prepare(
        "select m.value from measurements m join metric_definitions d on d.id = m.metric_id where m.relationship_id = ? and d.key = 'availability' and m.month = '2025-11'",
      )
      .get(hostingRel) as { value: number } | undefined;
    db.close();
    expect(row?.value).toBe(97.25);
  }, 60_000);

  it("on SIGTERM with both workers idle, they close the database one after the other and the WAL is gone", async () => {
    const idle = await startCluster(databasePath);
    const workers = idle.workerPids();
    // Both open the database (each serves a /healthz), then both are told to stop at the same instant.
    const { pids } = await serveThroughBothWorkers(idle, "idle");
    expect([...pids].sort((a, b) => a! - b!)).toEqual(workers);
    expect(fs.existsSync(`${databasePath}-wal`)).toBe(true);
    expect(await idle.stop()).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
    const closed = logLines(idle)
      .filter((l) => l.msg === "database closed; exiting")
      .map((l) => l.pid);
    expect(closed.sort()).toEqual([...workers].sort());
    expect(fs.existsSync(`${databasePath}-wal`)).toBe(false);
    expect(fs.existsSync(`${databasePath}-shm`)).toBe(false);
  }, 90_000);

  it("leaves no worker behind when the primary is SIGKILLed", async () => {
    orphanTest = await startCluster(databasePath);
    const workers = orphanTest.workerPids();
    expect(workers).toHaveLength(2);
    orphanTest.child.kill("SIGKILL");
    expect(await orphanTest.exited).toBe("SIGKILL");
    await waitUntil(() => workers.filter(isAlive).length === 0, 5_000, "the orphaned workers to exit");
    await expect(fetch(`${orphanTest.url}/healthz`)).rejects.toThrow();
    // They went the graceful way: each closed its database.
    const lines = logLines(orphanTest);
    for (const pid of workers) {
      expect(lines.some((l) => l.pid === pid && l.msg === "the cluster primary is gone: shutting down")).toBe(true);
      expect(lines.some((l) => l.pid === pid && l.msg === "database closed; exiting")).toBe(true);
    }
  }, 90_000);
});

describe("WEB_CONCURRENCY configuration", () => {
  it("1 runs a single process, no workers", async () => {
    const single = await startServer(databasePath, { env: { WEB_CONCURRENCY: "1" } });
    try {
      expect(single.workerPids()).toEqual([]);
      expect((await fetch(`${single.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await single.stop()).toBe(0);
    }
  }, 60_000);

  it("refuses a value that is not a worker count, at start", async () => {
    await expect(startServer(databasePath, { env: { WEB_CONCURRENCY: "two" } })).rejects.toThrow(/WEB_CONCURRENCY must be a whole number from 1 to 32/);
  }, 60_000);
});
