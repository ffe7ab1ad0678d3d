/**
 * Route parameters, parsed in one place. An id in the URL is a positive
 * integer written in digits, at most MAX_RECORD_ID (what an id column
 * holds); anything else is answered like an unknown id, with a 404, so a
 * malformed link, an id beyond any row and a missing record look the same.
 */
import { isIdBeyondRange, isRecordId } from "~/domain/record-id";

/** What Remix passes as `params` (a parameter may be absent). */
type RouteParams<Name extends string> = Readonly<Partial<Record<Name, string | undefined>>>;

function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

/** Parses one id from a route parameter's text, or answers 404. */
export function parseId(value: string | undefined): number {
  if (!value || !/^\d{1,16}$/.test(value)) notFound();
  const id = Number(value);
  if (!isRecordId(id)) notFound();
  return id;
}

/**
 * A query parameter that names a record to open (e.g. the KPI page's
 * `chain`): digits beyond any id are a 404 like an unknown id. Anything
 * else is left to the page's own validation.
 */
export function rejectIdBeyondRange(value: string | null | undefined): void {
  if (isIdBeyondRange(value)) notFound();
}

/** The id in route parameter `name` (e.g. "chainId" for `$chainId`), or a 404. */
export function idParam<Name extends string>(params: RouteParams<Name>, name: Name): number {
  return parseId(params[name]);
}

/** Several ids at once: `const { chainId, relationshipId } = idParams(params, "chainId", "relationshipId")`. */
export function idParams<Name extends string>(params: RouteParams<Name>, ...names: Name[]): Record<Name, number> {
  return Object.fromEntries(names.map((name) => [name, parseId(params[name])])) as Record<Name, number>;
}
