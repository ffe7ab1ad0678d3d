import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { dictionaryFor } from "./i18n/i18n.server";
import { LOCALES } from "./i18n/locale";
import { redactUrl } from "./http/log-redaction";
import { logger } from "./logger.server";
import { contentSecurityPolicy } from "./security/csp";
import { NonceContext } from "./security/nonce";

// The dictionaries for server rendering; the browser gets its locale's one as a cached script.
globalThis.__portalMessages = Object.fromEntries(LOCALES.map((locale) => [locale, dictionaryFor(locale)]));

export const streamTimeout = 5_000;

/**
 * Unexpected errors go to the structured log with the request id. Aborted
 * requests are not errors, nor is a 4xx answer such as a URL that matches no
 * route (a browser asking for /apple-touch-icon.png): the request line logs those.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger.error({ err: error, requestId: context?.requestId, url: redactUrl(new URL(request.url).pathname) }, "unhandled error");
}

/**
 * Headers of HTML pages. nosniff and Referrer-Policy are set for every
 * response by the server (server/serve.ts), which also makes the nonce.
 */
function applySecurityHeaders(headers: Headers, nonce: string | undefined) {
  headers.set("X-Frame-Options", "DENY");
  if (nonce) headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce;
  // Bots get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") || "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceContext.Provider>,
      {
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          applySecurityHeaders(responseHeaders, nonce);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        nonce,
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged, not thrown: the stream is already on its way.
          if (shellRendered) logger.error({ err: error }, "render error after the shell");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
