#!/usr/bin/env bash
# npm start: install what is missing, migrate, load demo data on an empty
# database, build, and serve the production build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-deps.sh
source scripts/lib/build.sh
ensure_node_modules

export PORT="${PORT:-3000}"
export DATABASE_PATH="${DATABASE_PATH:-./data/portal.db}"

if [ -n "${DATABASE_URL:-}" ]; then
  echo "› Preparing the PostgreSQL database…"
else
  echo "› Preparing the database at ${DATABASE_PATH}…"
fi
npx --no-install tsx scripts/prepare.ts --demo-if-empty

echo "› Building…"
build_production

export NODE_ENV=production
echo
echo "  Service chain portal: http://localhost:${PORT}"
echo
# Plain node on the compiled server (scripts/build-server.mjs): no TypeScript loader in production.
exec node build/server.mjs
