/** Names shared by the global setup and each test file's database (tests/support/test-db.ts). */

export const TEST_AS_OF = new Date("2026-11-22T12:00:00Z");

/** The PostgreSQL template databases the global setup makes (tests/support/global-setup.ts). */
export const POSTGRES_TEMPLATES = { demo: "portal_template_demo", empty: "portal_template_empty" } as const;

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
