import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { env } from "./env.server";
import { oncePerRequest } from "./http/request-scope.server";
import { sessionSecrets } from "./secrets.server";
import { createSession, deleteSession, resolveSession } from "./models/session.server";
import { audit } from "./models/audit.server";
import { getActingUser, type ActingUser } from "./models/user.server";

export type { ActingUser };
// Where a redirectTo may lead (app/security/safe-redirect.ts).
export { safeRedirectPath } from "./security/safe-redirect";

function limits() {
  const e = env();
  return { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS };
}

/** Whether the request reached us over HTTPS (directly or through a proxy that says so). */
function isSecureRequest(request: Request): boolean {
  const mode = env().COOKIE_SECURE;
  if (mode !== "auto") return mode === "always";
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (proto ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

// Over HTTPS the cookie is Secure with the __Host- prefix (no Domain, Path=/).
function sessionCookie(request: Request) {
  const secure = isSecureRequest(request);
  return createCookie(secure ? "__Host-portal_session" : "portal_session", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    secrets: sessionSecrets(),
    maxAge: Math.round(env().SESSION_ABSOLUTE_HOURS * 3600),
  });
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * The client's address as the server saw it (server/serve.ts puts req.ip in
 * the load context, honouring X-Forwarded-For only behind a trusted proxy).
 * Never read X-Forwarded-For here: anyone can send it.
 */
export function clientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? "unknown";
}

export async function getOptionalUser(request: Request): Promise<ActingUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const resolve = async () => {
    const userId = await resolveSession(token, limits());
    return userId === null ? null : await getActingUser(userId);
  };
  // A read request's loaders share one lookup. Not a write: its action may end or change the session.
  return request.method === "GET" || request.method === "HEAD" ? await oncePerRequest(`user:${token}`, resolve) : await resolve();
}

/** For loaders and actions: the acting user, or a redirect to the login page. */
export async function requireUser(request: Request): Promise<ActingUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  return user;
}

export async function requirePlatformAdmin(request: Request): Promise<ActingUser> {
  const user = await requireUser(request);
  if (!user.isPlatformAdmin) {
    await audit({ action: "access.denied", actorUserId: user.id, entityType: "route", entityId: new URL(request.url).pathname });
    throw new Response("Forbidden", { status: 403 });
  }
  return user;
}

/** Starts a new session (a new id every time) and returns the Set-Cookie header value. */
export async function startSession(request: Request, userId: number, context?: AppLoadContext): Promise<string> {
  const old = await readToken(request);
  if (old) await deleteSession(old);
  const token = await createSession(userId, limits(), {
    ip: clientIp(context),
    userAgent: request.headers.get("user-agent"),
  });
  return sessionCookie(request).serialize(token);
}

/** Deletes the session server-side and returns a Set-Cookie that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await deleteSession(token);
  return sessionCookie(request).serialize("", { maxAge: 0 });
}

/** The raw token of the request's session cookie (for "keep this session" after a password change), or null. */
export async function currentSessionToken(request: Request): Promise<string | null> {
  return readToken(request);
}
