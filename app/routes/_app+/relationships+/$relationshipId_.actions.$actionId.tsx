import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { DevelopmentActionPage } from "~/components/relationship/action-form";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getActionForm } from "~/models/development-action.server";
import { listAttachments } from "~/models/attachments.server";
import { AttachmentsBlock } from "~/components/attachments/attachment-list";
import { Card, Stack, Title } from "@mantine/core";
import { idParam } from "~/http/route-params.server";
import type { action } from "./$relationshipId_.actions.new";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.developmentAction");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const actionId = idParam(params, "actionId");
  const form = await getActionForm(user, idParam(params, "relationshipId"), actionId);
  return { ...form, files: await listAttachments(user, { type: "development_action", id: actionId }) };
}

// Saving is the new-action route's action, which reads the `actionId` of this URL.
export { action } from "./$relationshipId_.actions.new";

export default function EditActionPage() {
  const form = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <Stack gap="lg">
      <DevelopmentActionPage data={form} lastResult={lastResult} title={t("action.titleEdit")} />
      {/* After the action's form, not in it: an upload is a form of its own. */}
      <Card withBorder padding="md" component="section" aria-labelledby="action-files-heading" maw={760}>
        <Stack gap="xs">
          <Title order={2} size="h4" id="action-files-heading">
            {t("attachments.title")}
          </Title>
          <AttachmentsBlock
            listing={form.files}
            parent={{ type: "development_action", id: form.action!.id }}
            redirectTo={`/relationships/${form.header.id}/actions/${form.action!.id}`}
          />
        </Stack>
      </Card>
    </Stack>
  );
}
