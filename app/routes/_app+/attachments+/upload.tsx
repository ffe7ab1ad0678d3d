import { Anchor, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { AttachmentRefusalAlert, type AttachmentActionData } from "~/components/attachments/attachment-list";
import { MAX_ATTACHMENT_BYTES } from "~/domain/file-types";
import { attachmentParentSchema, FILE_FIELD } from "~/forms/attachments";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { uploadAttachment } from "~/models/attachments.server";
import { safeRedirectPath } from "~/security/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.attachmentUpload");

/** Nothing to show without a post: the form lives on the record's page. */
export function loader() {
  return null;
}

type Answer = AttachmentActionData & { back: string };

/**
 * Adds a file to a record. The server has already capped the body (10 MB
 * plus the form's overhead on this route only: app/http/body-policy.ts).
 * A form sent by the page's script gets data back; one sent without
 * JavaScript is redirected to its page, or shown the refusal here.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("The upload is not a well-formed multipart form.", { status: 400 });
  }
  const back = safeRedirectPath(formData.get("redirectTo"), "/");
  const wantsData = formData.get("respond") === "data";
  const answer = (body: AttachmentActionData, status: number) => data<Answer>({ ...body, back }, { status });
  const parsed = attachmentParentSchema.safeParse({
    parentType: formData.get("parentType") ?? undefined,
    parentId: formData.get("parentId") ?? undefined,
    factor: formData.get("factor") || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return answer({ ok: false, field: String(issue.path[0] ?? "parentType"), messageKey: issue.message }, 400);
  }
  const file = formData.get(FILE_FIELD);
  if (!(file instanceof File)) return answer({ ok: false, field: FILE_FIELD, messageKey: "attachments.error.noFile" }, 400);
  // Refused before its bytes are copied again.
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return answer({ ok: false, field: FILE_FIELD, messageKey: "attachments.error.tooLarge", params: { limitMb: MAX_ATTACHMENT_BYTES / (1024 * 1024) } }, 413);
  }
  const { parentType, parentId, factor } = parsed.data;
  const outcome = await uploadAttachment(
    user,
    { type: parentType, id: parentId, factor: factor ?? null },
    { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
  );
  if (!outcome.ok) {
    const { status, ...refusal } = outcome;
    return answer(refusal, status);
  }
  if (!wantsData) return redirect(back);
  return answer({ ok: true, fileName: outcome.fileName }, 201);
}

export default function AttachmentUploadPage() {
  const answer = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <Stack gap="md" maw={700}>
      <Title order={1}>{t("attachments.uploadTitle")}</Title>
      {answer && !answer.ok ? <AttachmentRefusalAlert messageKey={answer.messageKey} params={answer.params} /> : <Text>{t("attachments.uploadNothing")}</Text>}
      <Anchor component={Link} to={answer?.back ?? "/"}>
        {t("attachments.back")}
      </Anchor>
    </Stack>
  );
}
