// Adds up the vitest and Playwright JSON reports into one closing line.
// A missing report means that runner crashed: it counts as a failure.
import fs from "node:fs";

const stepFailures = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = stepFailures;
let skipped = 0;

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

// The unit and integration tests on SQLite, then the integration tests again on PostgreSQL.
for (const [file, engine] of [
  ["test-results/vitest.json", "SQLite"],
  ["test-results/vitest-postgres.json", "PostgreSQL"],
]) {
  const vitest = read(file);
  if (vitest) {
    passed += vitest.numPassedTests ?? 0;
    failed += (vitest.numFailedTests ?? 0) + (vitest.numRuntimeErrorTestSuites ?? 0);
    skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
    if (!vitest.success && !vitest.numFailedTests && !vitest.numRuntimeErrorTestSuites) failed += 1;
  } else {
    console.log(`✗ no vitest report on ${engine}`);
    failed += 1;
  }
}

// The browser tests run twice: on SQLite, then on PostgreSQL.
for (const [file, engine] of [
  ["test-results/playwright.json", "SQLite"],
  ["test-results/playwright-postgres.json", "PostgreSQL"],
]) {
  const playwright = read(file);
  if (playwright?.stats) {
    const s = playwright.stats;
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
    if ((playwright.errors ?? []).length > 0 && !s.unexpected) failed += playwright.errors.length;
  } else if (stepFailures === 0) {
    console.log(`✗ no Playwright report on ${engine}`);
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
