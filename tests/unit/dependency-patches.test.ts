import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { applyPatches, PATCHES } from "../../scripts/patch-dependencies.mjs";

type Patch = { file: string; marker: string; anchor: string };

describe("the speed patches to dependencies (scripts/patch-dependencies.mjs)", () => {
  it.each((PATCHES as Patch[]).map((p) => [p.file, p]))("%s is patched in this install", (_file, patch) => {
    expect(fs.readFileSync(patch.file, "utf8")).toContain(patch.marker);
  });

  it("patches a fresh copy once, and leaves a patched one alone", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "patches-"));
    // Several patches may share a file: each file holds all of its anchors.
    for (const patch of PATCHES as Patch[]) {
      fs.mkdirSync(path.dirname(path.join(root, patch.file)), { recursive: true });
      fs.appendFileSync(path.join(root, patch.file), `before\n${patch.anchor}\nafter\n`);
    }
    expect(applyPatches(root).map((r: { state: string }) => r.state)).toEqual(PATCHES.map(() => "applied"));
    const once = (PATCHES as Patch[]).map((p) => fs.readFileSync(path.join(root, p.file), "utf8"));
    expect(applyPatches(root).map((r: { state: string }) => r.state)).toEqual(PATCHES.map(() => "already applied"));
    expect((PATCHES as Patch[]).map((p) => fs.readFileSync(path.join(root, p.file), "utf8"))).toEqual(once);
    fs.rmSync(root, { recursive: true });
  });

  it("route matching gives the same matches with the cached compilePath", () => {
    // The server loads the CommonJS build, the patched one.
    const router = createRequire(import.meta.url)("@remix-run/router") as typeof import("@remix-run/router");
    expect(router.matchPath.toString()).toContain("compilePath(");
    const { matchRoutes, matchPath } = router;
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "chain", path: "chains/:chainId" },
          { id: "any", path: "*" },
        ],
      },
    ];
    for (let i = 0; i < 2; i++) {
      expect(matchRoutes(routes, "/chains/7")?.map((m) => [m.route.id, m.params.chainId])).toEqual([
        ["root", "7"],
        ["chain", "7"],
      ]);
      expect(matchRoutes(routes, "/elsewhere")?.at(-1)?.route.id).toBe("any");
      expect(matchPath({ path: "/a/:x", caseSensitive: true }, "/A/1")).toBeNull();
      expect(matchPath({ path: "/a/:x" }, "/A/1")?.params.x).toBe("1");
    }
  });
});
