import fs from "node:fs";
import path from "node:path";

/** The .ts/.tsx files under `dir` (default: the app), without the message dictionaries. */
export function sourceFiles(dir = "app"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p.includes(path.join("i18n", "messages")) ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}
