import { Anchor, Button, Stack, Table, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { AttachmentRefusalAlert, useFileSize, type AttachmentActionData } from "~/components/attachments/attachment-list";
import { labelKey } from "~/i18n/labels";
import { idParam } from "~/http/route-params.server";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { deleteAttachment, getAttachmentMetadata, type ParentRef } from "~/models/attachments.server";
import { safeRedirectPath } from "~/security/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.attachment");

/** Where a file's parent record is shown. */
function parentPath(parent: ParentRef, relationshipId: number): string {
  if (parent.type === "assessment_evidence") return `/relationships/${relationshipId}/assessments/${parent.id}`;
  if (parent.type === "development_action") return `/relationships/${relationshipId}/actions/${parent.id}`;
  return `/relationships/${relationshipId}`;
}

/** A file's facts (name, type, size, checksum, who and when, what it belongs to): 404 for one the user may not see. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attachment = await getAttachmentMetadata(user, idParam(params, "attachmentId"));
  return { attachment, parentPath: parentPath(attachment.parent, attachment.parent.relationshipId) };
}

/** Deletes the file (its uploader, while its parent allows: app/models/attachments.server.ts). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const attachmentId = idParam(params, "attachmentId");
  // Access first: a file the user may not see is a 404 whatever the form holds.
  await getAttachmentMetadata(user, attachmentId);
  const formData = await request.formData();
  if (formData.get("intent") !== "delete")
    return data<AttachmentActionData>({ ok: false, field: "intent", messageKey: "attachments.error.intent" }, { status: 400 });
  const outcome = await deleteAttachment(user, attachmentId);
  if (!outcome.ok) {
    const { status, ...refusal } = outcome;
    return data<AttachmentActionData>(refusal, { status });
  }
  if (formData.get("respond") === "data") return data<AttachmentActionData>({ ok: true });
  return redirect(safeRedirectPath(formData.get("redirectTo"), parentPath(outcome.parent, outcome.relationshipId)));
}

export default function AttachmentPage() {
  const { attachment, parentPath } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const size = useFileSize();
  const rows: Array<[string, string]> = [
    [t("attachments.meta.type"), attachment.contentType],
    [t("attachments.meta.size"), size(attachment.sizeBytes)],
    [t("attachments.meta.uploaded"), dateTime(attachment.createdAt)],
    [t("attachments.meta.uploadedBy"), attachment.uploadedBy ?? t("attachments.someone")],
    [
      t("attachments.meta.parent"),
      attachment.parent.factor
        ? `${t(labelKey("attachments.parent", attachment.parent.type))}: ${t(labelKey("factor", attachment.parent.factor))}`
        : t(labelKey("attachments.parent", attachment.parent.type)),
    ],
    [t("attachments.meta.sha256"), attachment.sha256],
  ];
  return (
    <Stack gap="md" maw={800}>
      <Title order={1} style={{ overflowWrap: "anywhere" }}>
        {attachment.fileName}
      </Title>
      {refusal && !refusal.ok ? <AttachmentRefusalAlert messageKey={refusal.messageKey} params={refusal.params} /> : null}
      <Table withTableBorder fz="sm" data-testid="attachment-metadata">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" w={220}>
                {label}
              </Table.Th>
              <Table.Td style={{ overflowWrap: "anywhere" }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text>
        <Anchor href={`/attachments/${attachment.id}/download`}>{t("attachments.downloadFile")}</Anchor>
      </Text>
      {attachment.canDelete ? (
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="redirectTo" value={parentPath} />
          <Button type="submit" color="red.8" variant="light">
            {t("attachments.delete")}
          </Button>
        </Form>
      ) : null}
      <Anchor component={Link} to={parentPath}>
        {t("attachments.backToParent")}
      </Anchor>
    </Stack>
  );
}
