import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { contentDisposition } from "~/domain/file-types";
import { idParam } from "~/http/route-params.server";
import { readAttachment } from "~/models/attachments.server";

/**
 * The bytes of a file the user may see (404 otherwise): always as a download
 * (never shown inline), under its safe name, as the type found in its content,
 * with nosniff and a CSP that lets nothing run should a browser open it anyway.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await readAttachment(user, idParam(params, "attachmentId"));
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}
