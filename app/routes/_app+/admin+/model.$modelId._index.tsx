import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Anchor, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { ContrastScope } from "~/components/relationship/contrast";
import { AdminPage, Notice } from "~/components/admin/admin-ui";
import { ModelContentView, ModelDraftForm } from "~/components/admin/model-editor";
import { modelPageLinks } from "~/components/admin/model-page-links";
import { ModelStatusBadge } from "~/components/admin/model-status";
import { contentFromForm, formPathOf, modelDraftSchema, problemMessage } from "~/forms/importance-model";
import { serverTranslator } from "~/i18n/i18n.server";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { deleteDraft, getModelVersion, saveDraft } from "~/models/importance-model.server";
import { idParam } from "~/http/route-params.server";
import { pageTitle } from "~/i18n/page-title";
import { refusalReply } from "~/http/refusal";
import { firstMessage } from "~/models/result";

export const links = modelPageLinks;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.title ? [{ title: data.title }] : pageTitle(matches, "model.title", { admin: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const version = await getModelVersion(user, idParam(params, "modelId"));
  const { t } = await serverTranslator(request, user.locale);
  const label =
    version.version === null ? t("model.draftLabel", { name: version.name }) : t("model.versionLabel", { version: version.version, name: version.name });
  return { title: `${label} · ${t("model.title")}`, version };
}

type Reply = { kind: "save"; result: SubmissionResult<string[]> } | { kind: "refused"; message: MessageKey };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const id = idParam(params, "modelId");
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "delete") {
    const result = await deleteDraft(user, id, clientIp(context));
    // Model refusals carry message keys (app/models/result.ts), typed there as strings.
    if (!result.ok) return data<Reply>({ kind: "refused", message: firstMessage(result) as MessageKey }, { status: result.status });
    return redirect("/admin/model?deleted=1");
  }
  if (intent !== "save") return data<Reply>({ kind: "refused", message: "admin.badRequest" }, { status: 400 });
  const submission = parseWithZod(formData, { schema: modelDraftSchema });
  if (submission.status !== "success") return data<Reply>({ kind: "save", result: submission.reply() }, { status: 400 });
  const { content, rowPaths } = contentFromForm(submission.value);
  const result = await saveDraft(user, id, content, clientIp(context));
  if (!result.ok) {
    if (!result.problems) return data<Reply>({ kind: "save", result: refusalReply(submission, result) }, { status: result.status });
    // The route knows which form field each problem's row is in.
    const fieldErrors: Record<string, string[]> = {};
    for (const problem of result.problems) (fieldErrors[formPathOf(problem, rowPaths)] ??= []).push(problemMessage(problem));
    return data<Reply>({ kind: "save", result: submission.reply({ fieldErrors }) }, { status: 400 });
  }
  return redirect(`/admin/model/${id}?saved=1`);
}

export default function ModelVersionPage() {
  const { version } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const [params] = useSearchParams();
  const isDraft = version.status === "draft";
  const title =
    version.version === null ? t("model.draftLabel", { name: version.name }) : t("model.versionLabel", { version: version.version, name: version.name });
  return (
    <ContrastScope>
      <AdminPage title={title} back={{ to: "/admin/model", label: t("model.title") }} actions={<ModelStatusBadge status={version.status} />}>
        {params.has("saved") ? <Notice tone="success">{t("model.savedNotice")}</Notice> : null}
        {params.has("created") ? <Notice tone="success">{t("model.createdNotice")}</Notice> : null}
        {params.has("imported") ? <Notice tone="success">{t("model.importedNotice")}</Notice> : null}
        {reply?.kind === "refused" ? <Notice tone="error">{t(reply.message)}</Notice> : null}

        <Paper withBorder p="md">
          <Stack gap="xs">
            <Text size="sm">
              {version.origin === "import"
                ? t("model.origin.import")
                : version.basedOn
                  ? version.basedOn.version !== null
                    ? t("model.origin.copyOf", { version: version.basedOn.version })
                    : t("model.origin.copyOfDraft")
                  : t("model.origin.seed")}
              {" · "}
              {isDraft
                ? t("model.when.draftBy", {
                    time: dateTime(version.updatedAt ?? version.createdAt),
                    name: version.updatedBy ?? version.createdBy ?? t("model.who.system"),
                  })
                : t("model.when.publishedBy", { time: dateTime(version.publishedAt ?? version.createdAt), name: version.publishedBy ?? t("model.who.system") })}
            </Text>
            {version.note ? (
              <Text size="sm">
                {t("model.col.note")}: {version.note}
              </Text>
            ) : null}
            {isDraft ? (
              <Text size="sm">{t("model.draftIntro", { next: version.nextVersion ?? 0, active: version.active.version })}</Text>
            ) : (
              <Text size="sm">{t("model.publishedIntro")}</Text>
            )}
            <Group gap="sm" mt="xs">
              {isDraft ? (
                <Button component={Link} to={`/admin/model/${version.id}/preview`}>
                  {t("model.previewAndPublish")}
                </Button>
              ) : version.status === "published" ? (
                <Button component={Link} to={`/admin/model/${version.id}/preview`} variant="default">
                  {t("model.compareWithActive")}
                </Button>
              ) : null}
              {!isDraft ? (
                <Form method="post" action="/admin/model">
                  <input type="hidden" name="intent" value="copy" />
                  <input type="hidden" name="from" value={version.id} />
                  <Button type="submit" variant="default">
                    {t("model.copy.fromThis")}
                  </Button>
                </Form>
              ) : null}
              <Anchor href={`/admin/model/${version.id}/export`} download>
                {t("model.export")}
              </Anchor>
            </Group>
          </Stack>
        </Paper>

        {isDraft ? (
          <ModelDraftForm content={version.content} lastResult={reply?.kind === "save" ? reply.result : undefined} />
        ) : (
          <ModelContentView content={version.content} />
        )}

        {isDraft ? (
          <Paper withBorder p="md">
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <Group justify="space-between">
                <Text size="sm">{t("model.deleteIntro")}</Text>
                <Button type="submit" color="red.9" variant="outline">
                  {t("model.delete")}
                </Button>
              </Group>
            </Form>
          </Paper>
        ) : null}
      </AdminPage>
    </ContrastScope>
  );
}
