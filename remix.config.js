import { flatRoutes } from "remix-flat-routes";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Routes are grouped by feature in "+" folders (remix-flat-routes, as the Epic Stack); a route's
  // own page parts sit beside it with a "__" prefix and are not routes.
  ignoredRouteFiles: ["**/*"],
  routes: async (defineRoutes) => flatRoutes("routes", defineRoutes, { ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.css", "**/__*.*", "**/__*/**"] }),
  serverModuleFormat: "esm",
  // better-sqlite3 and argon2 are native addons: keep them out of the server bundle.
  serverDependenciesToBundle: [],
  postcss: true,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
