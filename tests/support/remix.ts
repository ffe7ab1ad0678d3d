/** Helpers to call Remix loaders and actions directly, as the server would. */
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";

export const BASE = "http://localhost";

export function get(pathname: string, cookie?: string): Request {
  return new Request(`${BASE}${pathname}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function post(pathname: string, fields: Record<string, string>, cookie?: string): Request {
  return new Request(`${BASE}${pathname}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: BASE,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });
}

type Handler<A> = (args: A) => unknown;

/** Runs a loader/action; a thrown Response (redirect, 404) is returned instead of thrown. */
export async function run<A extends LoaderFunctionArgs | ActionFunctionArgs>(
  handler: Handler<A>,
  request: Request,
  params: Record<string, string> = {},
  context: AppLoadContext = {},
): Promise<unknown> {
  try {
    return await handler({ request, params, context } as A);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The `name=value` part of a Set-Cookie header, ready to send back. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get("Set-Cookie");
  if (!header) throw new Error("No Set-Cookie header on the response");
  return header.split(";")[0];
}
