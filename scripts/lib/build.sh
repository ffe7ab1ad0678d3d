# The production build, shared by npm start and npm test (source this file).
#
# The Remix classic compiler's CLI loads @remix-run/dev's Vite plugin module
# on every command, and that module require()s Vite's CommonJS entry, which
# prints a yellow "The CJS build of Vite's Node API is deprecated" warning.
# We never use Vite (remix.config.js, classic compiler), and the require is
# inside @remix-run/dev, so the warning tells a newcomer nothing they can act
# on: silence it for the Remix CLI only.

remix_cli() {
  VITE_CJS_IGNORE_WARNING=1 npx --no-install remix "$@"
}

build_production() {
  NODE_ENV=production remix_cli build >/dev/null && node scripts/build-server.mjs
}
