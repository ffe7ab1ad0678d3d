import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Values computed once per HTTP request. A page request runs the root, layout
 * and page loaders, and each resolves the signed-in user from the cookie;
 * inside a scope (the server enters one per request) they share one answer.
 * Outside a scope (tests calling loaders directly) nothing is memoised.
 */
// On globalThis: the server (build/server.mjs) and the Remix build (build/index.js) each bundle
// their own copy of this module, and both must use the same storage.
const holder = globalThis as unknown as { __portalRequestScope?: AsyncLocalStorage<Map<string, unknown>> };
export const requestScope = (holder.__portalRequestScope ??= new AsyncLocalStorage<Map<string, unknown>>());

export function oncePerRequest<T>(key: string, compute: () => T): T {
  const store = requestScope.getStore();
  if (!store) return compute();
  if (!store.has(key)) store.set(key, compute());
  return store.get(key) as T;
}
