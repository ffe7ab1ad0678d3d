# Sourced by start.sh and test.sh: installs npm packages when they are missing
# or older than the lockfile, and rebuilds the native SQLite addon if this
# Node cannot load it (e.g. after a Node upgrade).
ensure_node_modules() {
  if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ]; then
    echo "› Installing npm packages (first run; better-sqlite3 compiles, about a minute)…"
    # npm install, not npm ci: this machine's npm 11 writes lockfiles with only its own
    # platform's optional packages (rollup), which its own `npm ci` then rejects.
    # npm install still installs the locked versions.
    npm install --no-audit --no-fund
  elif [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
    echo "› package.json or the lockfile changed: updating npm packages…"
    npm install --no-audit --no-fund
  fi
  if ! node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
    echo "› Rebuilding better-sqlite3 for $(node --version)…"
    npm rebuild better-sqlite3
  fi
}
