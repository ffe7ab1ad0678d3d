/**
 * One shape for a model's answer. A write either succeeds (`ok: true` plus
 * what the caller needs) or is refused with an HTTP status and message keys
 * per field; the key "" holds form-level messages (conform's convention).
 * Routes turn a refusal into a response with `refusalReply` (app/http/refusal.ts).
 */

/** 429 is a throttled attempt (the refusal then carries `retryAfter`). */
export type RefusalStatus = 400 | 403 | 404 | 409 | 429;

/** Message keys per field; "" for the form as a whole. */
export type FieldErrors = Record<string, string[]>;

export type Refused<Extra extends object = object> = { ok: false; status: RefusalStatus; fieldErrors: FieldErrors } & Extra;

export type Ok<Value extends object = object> = { ok: true } & Value;

export type Result<Value extends object = object, Extra extends object = object> = Ok<Value> | Refused<Extra>;

/** The key of form-level messages. */
export const FORM = "";

/** A refusal naming one field (null or "" for the whole form). */
export function refused(field: string | null, messageKey: string, status: RefusalStatus = 400): Refused {
  return { ok: false, status, fieldErrors: { [field ?? FORM]: [messageKey] } };
}

/** A refusal with messages for several fields, or with extra data for the page (`extra`). */
export function refusedWith<Extra extends object = object>(fieldErrors: FieldErrors, status: RefusalStatus = 400, extra?: Extra): Refused<Extra> {
  return { ok: false, status, fieldErrors, ...(extra as Extra) };
}

export function ok(): Ok;
export function ok<Value extends object>(value: Value): Ok<Value>;
export function ok<Value extends object>(value?: Value): Ok<Value> {
  return { ok: true, ...(value as Value) };
}

/** The first message of a refusal, for pages that show one line. */
export function firstMessage(refusal: Refused): string {
  return Object.values(refusal.fieldErrors).flat()[0] ?? "";
}
