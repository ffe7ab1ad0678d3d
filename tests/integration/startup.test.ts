/**
 * Start-up as a newcomer sees it (issue 12, section 4): no Vite warning from
 * the build step, and readable one-line logs on an interactive terminal
 * while anything else still gets JSON.
 */
import { spawn, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prettyMessage, wantsPrettyLogs } from "~/logger.server";
import { ensureBuild, freePort, freshDemoDatabase, waitUntil } from "../support/server";

describe("the build step of npm start and npm test", () => {
  it("prints no Vite CJS deprecation warning", () => {
    const run = spawnSync("bash", ["-c", "source scripts/lib/build.sh && remix_cli --version"], { encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/CJS build of Vite/);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/m);
  });
});

describe("log format", () => {
  it("is readable text on a terminal and JSON otherwise, unless LOG_FORMAT says", () => {
    expect(wantsPrettyLogs({}, true)).toBe(true);
    expect(wantsPrettyLogs({}, false)).toBe(false);
    expect(wantsPrettyLogs({ LOG_FORMAT: "json" }, true)).toBe(false);
    expect(wantsPrettyLogs({ LOG_FORMAT: "pretty" }, false)).toBe(true);
    expect(prettyMessage({ req: { method: "GET", url: "/metrics" }, res: { statusCode: 200 }, responseTime: 12.4, msg: "request completed" }, "msg")).toBe(
      "GET /metrics 200 12 ms",
    );
    expect(prettyMessage({ msg: "database closed; exiting" }, "msg")).toBe("database closed; exiting");
  });
});

describe("the production server on an interactive terminal", () => {
  let output = "";
  let stop: () => void = () => {};

  beforeAll(async () => {
    ensureBuild();
    const database = await freshDemoDatabase();
    const port = await freePort();
    // script(1) gives the server a pseudo-terminal, as a person running npm start has.
    const child = spawn("script", ["-qfec", "node build/server.mjs", "/dev/null"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_PATH: database,
        NODE_ENV: "production",
        SESSION_SECRET: "startup-test-secret-0123456789",
        WEB_CONCURRENCY: "1",
        LOG_LEVEL: "info",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdout!.on("data", (c) => (output += c));
    child.stderr!.on("data", (c) => (output += c));
    stop = () => child.kill("SIGTERM");
    await waitUntil(() => output.includes("listening"), 60_000, "the server to listen");
    await fetch(`http://127.0.0.1:${port}/login`);
    await fetch(`http://127.0.0.1:${port}/favicon.ico`);
    await waitUntil(() => output.includes("/favicon.ico"), 10_000, "the request lines");
  }, 120_000);

  afterAll(() => stop());

  it("prints one readable line per request at info level, not JSON", () => {
    const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
    const lines = plain.split(/\r?\n/).filter((l) => l.trim());
    expect(lines.some((l) => /INFO.*Service chain portal listening on http:\/\/localhost:\d+/.test(l))).toBe(true);
    expect(lines.some((l) => /INFO.*GET \/login 200 \d+ ms/.test(l))).toBe(true);
    expect(lines.some((l) => /GET \/favicon\.ico 200/.test(l))).toBe(true);
    expect(lines.filter((l) => l.trim().startsWith("{"))).toEqual([]);
    expect(plain).not.toMatch(/ERROR/);
  });
});
