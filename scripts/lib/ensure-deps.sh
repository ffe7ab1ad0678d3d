# Sourced by start.sh and test.sh: installs exactly the locked npm packages
# (npm ci) when node_modules is missing or older than the lockfile, and
# rebuilds the native SQLite addon if this Node cannot load it (e.g. after a
# Node upgrade). package-lock.json is complete (every platform's optional
# packages), so npm ci accepts it and leaves it unchanged.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ]; then
    echo "› Installing the locked npm packages (first run; better-sqlite3 compiles, about a minute)…"
    npm ci --no-audit --no-fund
  elif [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
    echo "› package.json or the lockfile changed: reinstalling the locked npm packages…"
    npm ci --no-audit --no-fund
  fi
  if ! node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
    echo "› Rebuilding better-sqlite3 for $(node --version)…"
    npm rebuild better-sqlite3
  fi
}
