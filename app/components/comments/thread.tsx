import type { SubmissionResult } from "@conform-to/react";
import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { ConformForm, FormError, FormFooter, TextareaField, useErrorText, useSchemaForm, useSubmitting } from "~/components/forms";
import { COMMENT_MAX_LENGTH, threadHref } from "~/domain/comments";
import { commentDeleteSchema, commentEditSchema, commentPostSchema } from "~/forms/comments";
import { labelKey } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";
import type { Participant, ThreadComment, ThreadKey } from "~/models/comments.server";
import { CommentBody } from "./comment-body";

/** The action's answer to a form of the thread: which form it was, and conform's reply. */
export type ThreadActionReply = { intent: "post" | "edit" | "delete"; commentId: number | null; result: SubmissionResult<string[]> };

export type ThreadProps = {
  relationshipId: number;
  thread: ThreadKey;
  canWrite: boolean;
  audience: Participant[];
  comments: ThreadComment[];
  /** The comment whose edit form is open (`?edit=` in the URL: no JavaScript needed). */
  editingId: number | null;
  reply: ThreadActionReply | null;
  /** Room for more under each comment (e.g. its attachments), given the comment. */
  commentExtra?: (comment: ThreadComment) => ReactNode;
};

/** A thread: its comments oldest first, each with its history when edited, and the form to add one. */
export function CommentThread(props: ThreadProps) {
  const { t } = useI18n();
  const { comments, canWrite } = props;
  return (
    <Stack gap="md">
      <section aria-labelledby="comments-heading">
        <Title order={2} size="h3" id="comments-heading" mb="sm">
          {t("comments.list", { count: comments.length })}
        </Title>
        {comments.length === 0 ? null : (
          <ol className="comment-list" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {comments.map((c) => (
              <li key={c.id} id={`comment-${c.id}`} style={{ marginBottom: "var(--mantine-spacing-sm)" }}>
                <CommentItem comment={c} {...props} />
              </li>
            ))}
          </ol>
        )}
      </section>
      {canWrite ? (
        <NewCommentForm {...props} />
      ) : (
        <Text size="sm" data-testid="comments-read-only">
          {t("comments.readOnly")}
        </Text>
      )}
    </Stack>
  );
}

function CommentItem({ comment, relationshipId, thread, editingId, reply, audience, commentExtra }: ThreadProps & { comment: ThreadComment }) {
  const { t, dateTime } = useI18n();
  const mentionNames = Object.fromEntries(comment.mentions.map((m) => [m.userId, m.name]));
  const editing = comment.canChange && editingId === comment.id;
  const replyFor = (intent: ThreadActionReply["intent"]) => (reply && reply.intent === intent && reply.commentId === comment.id ? reply.result : null);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="comment">
      <Group gap="xs" justify="space-between" align="baseline">
        <Text size="sm" fw={600}>
          {comment.authorName ?? t("comments.formerUser")}
          {comment.organisationName ? ` · ${comment.organisationName}` : ""}
        </Text>
        <Text size="sm">
          <time dateTime={comment.createdAt}>{dateTime(comment.createdAt)}</time>
          {comment.editedAt ? (
            <>
              {" · "}
              <span data-testid="comment-edited">{t("comments.edited", { time: dateTime(comment.editedAt) })}</span>
            </>
          ) : null}
        </Text>
      </Group>
      {editing ? (
        <EditCommentForm comment={comment} relationshipId={relationshipId} thread={thread} audience={audience} lastResult={replyFor("edit")} />
      ) : (
        <CommentBody body={comment.body} mentionNames={mentionNames} />
      )}
      {comment.mentions.length > 0 ? <Text size="sm">{t("comments.mentioned", { names: comment.mentions.map((m) => m.name).join(", ") })}</Text> : null}
      {comment.revisions.length > 0 ? (
        // <details> opens without JavaScript.
        <details data-testid="comment-history">
          <summary>{t("comments.history", { count: comment.revisions.length })}</summary>
          <ol>
            {comment.revisions.map((r, i) => (
              <li key={i}>
                <Text size="sm">{t("comments.replacedAt", { time: dateTime(r.replacedAt) })}</Text>
                <CommentBody body={r.body} mentionNames={mentionNames} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {commentExtra?.(comment)}
      {comment.canChange && !editing ? (
        <Group gap="sm" mt="xs">
          <Anchor component={Link} to={`${threadHref(relationshipId, thread)}&edit=${comment.id}#comment-${comment.id}`} size="sm">
            {t("comments.edit")}
          </Anchor>
          <DeleteCommentForm comment={comment} lastResult={replyFor("delete")} />
          <Text size="sm">{t("comments.changeableUntil", { time: dateTime(comment.changeableUntil) })}</Text>
        </Group>
      ) : null}
    </Paper>
  );
}

/** Checkboxes of the people who can see the thread: those ticked are mentioned and notified. */
function MentionChoices({
  name,
  errorId,
  errors,
  audience,
  selected,
}: {
  name: string;
  errorId: string;
  errors: string[] | undefined;
  audience: Participant[];
  selected: readonly string[];
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (audience.length === 0) return null;
  return (
    <fieldset className="comment-mentions" aria-describedby={errors?.length ? errorId : undefined} style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontSize: "var(--mantine-font-size-sm)", fontWeight: 500 }}>{t("comments.mentionLegend")}</legend>
      <Group gap="md">
        {audience.map((p) => (
          <label key={p.userId} style={{ fontSize: "var(--mantine-font-size-sm)" }}>
            <input type="checkbox" name={name} value={String(p.userId)} defaultChecked={selected.includes(String(p.userId))} /> {p.name} ({p.organisationName})
          </label>
        ))}
      </Group>
      {errors?.length ? (
        <Text size="sm" c="red.9" id={errorId} role="alert">
          {errorText(errors[0])}
        </Text>
      ) : null}
    </fieldset>
  );
}

function NewCommentForm({ relationshipId, thread, audience, reply }: ThreadProps) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(commentPostSchema, {
    id: "comment-new",
    lastResult: reply?.intent === "post" ? reply.result : null,
    defaultValue: { intent: "post", period: thread.period, factor: thread.factor ?? "" },
  });
  const submitting = useSubmitting("post");
  const selected = (fields.mentions.value as string[] | string | undefined) ?? [];
  return (
    <ConformForm form={form} action={threadHref(relationshipId, thread)} aria-labelledby="comment-new-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="comment-new-heading">
          {t("comments.new")}
        </Title>
        <FormError form={form} />
        <input type="hidden" name="intent" value="post" />
        <input type="hidden" name="period" value={thread.period} />
        <input type="hidden" name="factor" value={thread.factor ?? ""} />
        {fields.period.errors?.length || fields.factor.errors?.length ? (
          <Alert color="red" role="alert">
            {t("comments.error.thread")}
          </Alert>
        ) : null}
        <TextareaField field={fields.body} label={t("comments.body")} description={t("comments.formatting")} maxLength={COMMENT_MAX_LENGTH} minRows={3} />
        <MentionChoices
          name={fields.mentions.name}
          errorId={fields.mentions.errorId}
          errors={fields.mentions.errors}
          audience={audience}
          selected={Array.isArray(selected) ? selected : [selected]}
        />
        <FormFooter submitLabel={t("comments.post")} pending={submitting} />
      </Stack>
    </ConformForm>
  );
}

function EditCommentForm({
  comment,
  relationshipId,
  thread,
  audience,
  lastResult,
}: {
  comment: ThreadComment;
  relationshipId: number;
  thread: ThreadKey;
  audience: Participant[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(commentEditSchema, {
    id: `comment-edit-${comment.id}`,
    lastResult,
    defaultValue: { intent: "edit", commentId: String(comment.id), body: comment.body, mentions: comment.mentions.map((m) => String(m.userId)) },
  });
  const selected = (fields.mentions.value as string[] | string | undefined) ?? [];
  return (
    <ConformForm form={form} action={threadHref(relationshipId, thread)} aria-label={t("comments.editForm")}>
      <Stack gap="sm" mt="xs">
        <FormError form={form} />
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="commentId" value={comment.id} />
        <TextareaField field={fields.body} label={t("comments.body")} description={t("comments.formatting")} maxLength={COMMENT_MAX_LENGTH} minRows={3} />
        <MentionChoices
          name={fields.mentions.name}
          errorId={fields.mentions.errorId}
          errors={fields.mentions.errors}
          audience={audience}
          selected={Array.isArray(selected) ? selected : [selected]}
        />
        <FormFooter submitLabel={t("comments.saveEdit")} cancelTo={`${threadHref(relationshipId, thread, comment.id)}`} />
      </Stack>
    </ConformForm>
  );
}

function DeleteCommentForm({ comment, lastResult }: { comment: ThreadComment; lastResult: SubmissionResult<string[]> | null }) {
  const { t } = useI18n();
  const [form] = useSchemaForm(commentDeleteSchema, { id: `comment-delete-${comment.id}`, lastResult });
  return (
    <ConformForm form={form} style={{ display: "inline" }}>
      <FormError form={form} />
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="commentId" value={comment.id} />
      <Button type="submit" variant="default" size="compact-sm">
        {t("comments.delete")}
      </Button>
    </ConformForm>
  );
}

/** A link to a thread with its comment count (the relationship page and the compare view). */
export function ThreadLink({
  relationshipId,
  thread,
  count,
  label,
}: {
  relationshipId: number;
  thread: { period: string; factor?: string | null };
  count: number;
  /** The accessible name's subject, e.g. the factor and the partner. */
  label: string;
}) {
  const { t } = useI18n();
  return (
    <Link
      className="rel-link rel-sm mantine-focus-auto"
      to={threadHref(relationshipId, thread)}
      aria-label={t("comments.threadLinkOf", { count, subject: label })}
      data-testid="thread-link"
      data-count={count}
    >
      {t("comments.threadLink", { count })}
    </Link>
  );
}

/** The heading's words for a thread: the factor's or the quarter's discussion. */
export function useThreadTitle() {
  const { t, quarter } = useI18n();
  return (thread: ThreadKey) =>
    thread.factor
      ? t("comments.titleFactor", { factor: t(labelKey("factor", thread.factor)), period: quarter(thread.period) })
      : t("comments.titleQuarter", { period: quarter(thread.period) });
}
