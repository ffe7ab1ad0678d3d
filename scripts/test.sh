#!/usr/bin/env bash
# npm test: install what is missing (Chromium included), then type checks,
# a production build, unit and integration tests, and the browser tests.
# Ends with one line "N passed, N failed" counting every test (a failed
# type check or build counts as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-deps.sh
source scripts/lib/build.sh
ensure_node_modules || { echo "0 passed, 1 failed"; exit 1; }

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ] && return 0
    echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
    return 1
  fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then CHROMIUM_PATH="$candidate"; return 0; fi
  done
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "› Installing Debian Chromium for the browser tests…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || return 1
    CHROMIUM_PATH=/usr/bin/chromium
    return 0
  fi
  echo "Chromium not found. Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
  return 1
}

# PostgreSQL for the tests of the second engine: Debian's package, installed when missing (as Chromium is).
# The PostgreSQL run of the integration tests starts one throwaway server on loopback (tests/support/global-setup.ts),
# as do the files that test PostgreSQL themselves (tests/support/postgres.ts); or they use TEST_DATABASE_URL.
ensure_postgres() {
  [ -n "${TEST_DATABASE_URL:-}" ] && return 0
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "› Installing Debian PostgreSQL for the PostgreSQL tests…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) && return 0
  fi
  echo "PostgreSQL not found. Install it (apt-get install postgresql) or set TEST_DATABASE_URL." >&2
  return 1
}

mkdir -p test-results
rm -f test-results/vitest.json test-results/vitest-postgres.json test-results/playwright.json test-results/playwright-postgres.json
step_failures=0

if find_chromium; then
  export CHROMIUM_PATH
else
  echo "0 passed, 1 failed"
  exit 1
fi

ensure_postgres || { echo "✗ PostgreSQL is missing"; step_failures=$((step_failures + 1)); }

echo "› Lint (ESLint and Prettier)"
npm run --silent lint || { echo "✗ lint failed"; step_failures=$((step_failures + 1)); }

echo "› Type check"
npx --no-install tsc --noEmit || { echo "✗ type check failed"; step_failures=$((step_failures + 1)); }

# The production build comes before vitest: the crash and fuzz tests run the built server.
echo "› Production build"
build_ok=1
build_production || { echo "✗ build failed"; step_failures=$((step_failures + 1)); build_ok=0; }

echo "› Unit and integration tests on SQLite"
npx --no-install vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
echo "› Integration tests on PostgreSQL"
TEST_ENGINE=postgres npx --no-install vitest run --reporter=default --reporter=json --outputFile=test-results/vitest-postgres.json

if [ "$build_ok" = 1 ]; then
  echo "› Browser tests on SQLite (Chromium: $CHROMIUM_PATH)"
  PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx --no-install playwright test --reporter=list,json
  echo "› Browser tests on PostgreSQL"
  E2E_ENGINE=postgres E2E_PORT=$(( ${E2E_PORT:-3123} + 10 )) PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright-postgres.json \
    npx --no-install playwright test --reporter=list,json
else
  echo "✗ browser tests skipped: no build"
fi

node scripts/test-summary.mjs "$step_failures"
