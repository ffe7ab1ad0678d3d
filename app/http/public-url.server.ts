import { env } from "../env.server";

/**
 * The origin to put in links shown to people (one-time links, API examples):
 * PUBLIC_URL when configured, else the address the request came to. Never
 * put this in anything a shared cache may keep for others.
 */
export function publicOrigin(request: Request): string {
  return env().PUBLIC_URL ?? new URL(request.url).origin;
}
