/**
 * The device cookie (docs/decisions/0011-login-throttling.md): after a
 * successful sign-in the browser gets a signed, HttpOnly cookie naming a
 * random device id, the account and the account's password generation.
 * A later attempt on the same account from that browser is not held up by
 * the per-account delay that attacks from elsewhere cause; its own failures
 * count against the device. Changing the password voids every device
 * cookie of the account (the generation no longer matches).
 */
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { env } from "../env.server";
import { sessionSecrets } from "../secrets.server";

/** How long a browser stays known after its last sign-in. */
export const DEVICE_COOKIE_DAYS = 180;

export type DeviceClaim = { deviceId: string; userId: number; passwordGeneration: string };

function isSecureRequest(request: Request): boolean {
  const mode = env().COOKIE_SECURE;
  if (mode !== "auto") return mode === "always";
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (proto ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

function deviceCookie(request: Request) {
  const secure = isSecureRequest(request);
  return createCookie(secure ? "__Host-portal_device" : "portal_device", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    secrets: sessionSecrets(),
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  });
}

/** The signed claim the request's device cookie carries, or null (none, forged, malformed). */
export async function readDeviceClaim(request: Request): Promise<DeviceClaim | null> {
  const value: unknown = await deviceCookie(request).parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const { deviceId, userId, passwordGeneration } = value as Record<string, unknown>;
  if (typeof deviceId !== "string" || !/^[A-Za-z0-9_-]{22}$/.test(deviceId)) return null;
  if (typeof userId !== "number" || !Number.isSafeInteger(userId) || typeof passwordGeneration !== "string") return null;
  return { deviceId, userId, passwordGeneration };
}

/** A Set-Cookie for the signed-in account, keeping the browser's device id when it has one. */
export async function issueDeviceCookie(request: Request, userId: number, passwordGeneration: string): Promise<string> {
  const current = await readDeviceClaim(request);
  const deviceId = current?.deviceId ?? randomBytes(16).toString("base64url");
  const claim: DeviceClaim = { deviceId, userId, passwordGeneration };
  return deviceCookie(request).serialize(claim);
}
