import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { attachmentParentSchema } from "~/forms/attachments";
import { listAttachments } from "~/models/attachments.server";

/** The files of one record as JSON (`?parentType=&parentId=&factor=`); 404 for a record the user may not see. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const search = new URL(request.url).searchParams;
  const parsed = attachmentParentSchema.safeParse({
    parentType: search.get("parentType") ?? undefined,
    parentId: search.get("parentId") ?? undefined,
    factor: search.get("factor") || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json(
      { field: String(issue.path[0] ?? "parentType"), messageKey: issue.message },
      { status: 400, headers: { "Cache-Control": "no-store" } },
    );
  }
  const { parentType, parentId, factor } = parsed.data;
  const listing = await listAttachments(user, { type: parentType, id: parentId, factor: factor ?? null });
  return Response.json(listing, { headers: { "Cache-Control": "private, no-store" } });
}
