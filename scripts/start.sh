#!/usr/bin/env bash
# npm start: install what is missing, migrate, load demo data on an empty
# database, build, and serve the production build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-deps.sh
ensure_node_modules

export PORT="${PORT:-3000}"
export DATABASE_PATH="${DATABASE_PATH:-./data/portal.db}"

echo "› Preparing the database at ${DATABASE_PATH}…"
npx --no-install tsx scripts/prepare.ts --demo-if-empty

echo "› Building…"
NODE_ENV=production npx --no-install remix build >/dev/null

export NODE_ENV=production
echo
echo "  Service chain portal: http://localhost:${PORT}"
echo
exec npx --no-install tsx scripts/serve.ts
