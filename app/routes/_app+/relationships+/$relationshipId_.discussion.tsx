import { parseWithZod } from "@conform-to/zod";
import { Anchor, Group, Stack, Text } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { CommentThread, useThreadTitle, type ThreadActionReply } from "~/components/comments/thread";
import { ContrastScope } from "~/components/relationship/contrast";
import { RelationshipTitle } from "~/components/relationship/header";
import { threadHref } from "~/domain/comments";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { isValidQuarter, quarterOf } from "~/domain/period";
import { commentDeleteSchema, commentEditSchema, commentPostSchema } from "~/forms/comments";
import { idParam } from "~/http/route-params.server";
import { labelKey } from "~/i18n/labels";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requireRelationshipAccess } from "~/models/access.server";
import { deleteComment, editComment, getThread, postComment, type CommentOutcome } from "~/models/comments.server";
import { calendarNow } from "~/models/user.server";
import { listAttachmentsOf } from "~/models/attachments.server";
import { AttachmentsBlock } from "~/components/attachments/attachment-list";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.discussion");

function badRequest(field: string): never {
  throw new Response(`Invalid ${field}`, { status: 400 });
}

/** The thread named in the query: `period` (default: the current quarter) and an optional `factor`. */
function threadOf(url: URL, asOf: Date): { period: string; factor: FactorKey | null } {
  const period = url.searchParams.get("period") ?? quarterOf(asOf);
  if (!isValidQuarter(period)) badRequest("period");
  const factor = url.searchParams.get("factor") || null;
  if (factor !== null && !(FACTORS as readonly string[]).includes(factor)) badRequest("factor");
  return { period, factor: factor as FactorKey | null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  const url = new URL(request.url);
  // The relationship is checked first: a foreign id is a 404 whatever the query holds.
  await requireRelationshipAccess(user, relationshipId);
  const thread = await getThread(user, relationshipId, threadOf(url, calendarNow(user)));
  const edit = Number(url.searchParams.get("edit"));
  // Each comment's files, scoped as the thread (app/models/attachments.server.ts).
  const commentFiles = await listAttachmentsOf(
    user,
    relationshipId,
    "comment",
    thread.comments.map((c) => c.id),
  );
  return { ...thread, commentFiles, editingId: Number.isSafeInteger(edit) && edit > 0 ? edit : null };
}

const SCHEMAS = { post: commentPostSchema, edit: commentEditSchema, delete: commentDeleteSchema } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  await requireRelationshipAccess(user, relationshipId);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (!(intent in SCHEMAS)) return data({ error: "intent" }, { status: 400 });
  const typedIntent = intent as keyof typeof SCHEMAS;
  const submission = parseWithZod(formData, { schema: SCHEMAS[typedIntent] });
  const commentId = Number(formData.get("commentId")) || null;
  const answer = (result: ReturnType<typeof submission.reply>, status: number) =>
    data({ intent: typedIntent, commentId, result } satisfies ThreadActionReply, { status });
  if (submission.status !== "success") return answer(submission.reply(), 400);
  const value = submission.value;
  let outcome: CommentOutcome;
  if (value.intent === "post") outcome = await postComment(user, relationshipId, value);
  else if (value.intent === "edit") outcome = await editComment(user, relationshipId, value);
  else outcome = await deleteComment(user, relationshipId, value.commentId);
  if (!outcome.ok) return answer(submission.reply({ fieldErrors: outcome.fieldErrors }), outcome.status);
  return redirect(
    value.intent === "delete" ? `${threadHref(relationshipId, outcome.thread)}#comments-heading` : threadHref(relationshipId, outcome.thread, outcome.id),
  );
}

export default function DiscussionPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData && "intent" in actionData ? (actionData as ThreadActionReply) : null;
  const { t } = useI18n();
  const title = useThreadTitle()(loaderData.thread);
  const { header, thread } = loaderData;
  return (
    <ContrastScope>
      <Stack gap="lg" maw={860}>
        <RelationshipTitle header={header} title={title} />
        <Text size="sm">{t("comments.intro")}</Text>
        <nav aria-label={t("comments.otherThreads")}>
          <Group gap="md">
            {thread.factor ? (
              <Anchor component={Link} to={threadHref(header.id, { period: thread.period })} size="sm">
                {t("comments.quarterThread")}
              </Anchor>
            ) : null}
            <Anchor component={Link} to={`/relationships/${header.id}?period=${thread.period}`} size="sm">
              {t("comments.backToRelationship")}
            </Anchor>
            {thread.factor ? <Text size="sm">{t(labelKey("factor", thread.factor))}</Text> : null}
          </Group>
        </nav>
        <CommentThread
          relationshipId={header.id}
          thread={thread}
          canWrite={loaderData.canWrite}
          audience={loaderData.audience}
          comments={loaderData.comments}
          editingId={loaderData.editingId}
          reply={reply}
          commentExtra={(c) =>
            loaderData.commentFiles[c.id] ? (
              <AttachmentsBlock listing={loaderData.commentFiles[c.id]} parent={{ type: "comment", id: c.id }} redirectTo={threadHref(header.id, thread)} />
            ) : null
          }
        />
      </Stack>
    </ContrastScope>
  );
}
