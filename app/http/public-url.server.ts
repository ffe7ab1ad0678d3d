import { env } from "../env.server";

/**
 * The origin to put in links shown to people (one-time links, API examples):
 * PUBLIC_URL when configured, else the address the request came to. Never
 * put this in anything a shared cache may keep for others.
 */
export function publicOrigin(request: Request): string {
  return env().PUBLIC_URL ?? new URL(request.url).origin;
}

/**
 * An absolute link to a page of the portal, for messages read outside it
 * (email): PUBLIC_URL, else this server's own loopback address (set
 * PUBLIC_URL in production: there is no request to take an origin from).
 */
export function publicLink(path: string): string {
  const base = env().PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return `${base}${path.startsWith("/") ? path : `/${path}`}`;
}
