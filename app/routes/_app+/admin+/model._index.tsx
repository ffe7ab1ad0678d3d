import { Alert, Anchor, Button, Group, Input, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { ColumnHeads } from "~/components/column-heads";
import { labelKey } from "~/i18n/labels";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { ContrastScope } from "~/components/relationship/contrast";
import { AdminPage, Notice } from "~/components/admin/admin-ui";
import { useCellLabel } from "~/components/admin/model-editor";
import modelStyles from "~/components/admin/model-editor.css";
import { ModelStatusBadge } from "~/components/admin/model-status";
import { copyModelSchema, MODEL_FILE_MAX_BYTES, type ModelFileProblem } from "~/forms/importance-model";
import { serverTranslator } from "~/i18n/i18n.server";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { createDraftFrom, importModelFile, listModelVersions } from "~/models/importance-model.server";
import { pageTitle } from "~/i18n/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: modelStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.title ? [{ title: data.title }] : pageTitle(matches, "model.title", { admin: true });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const { t } = await serverTranslator(request, user.locale);
  return { title: `${t("model.title")} · ${t("admin.title")}`, versions: await listModelVersions(user) };
}

type ImportReply = { kind: "import"; problems: ModelFileProblem[]; filename: string };
type CopyReply = { kind: "copy"; error: MessageKey };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MODEL_FILE_MAX_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        return data<ImportReply>(
          { kind: "import", filename: "", problems: [{ path: "", message: "model.file.tooLarge", params: { kb: MODEL_FILE_MAX_BYTES / 1024 } }] },
          { status: 413 },
        );
      }
      throw error;
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      return data<ImportReply>({ kind: "import", filename: "", problems: [{ path: "", message: "model.file.missing" }] }, { status: 400 });
    }
    const result = await importModelFile(user, await file.text(), file.name, clientIp(context));
    if (!result.ok) return data<ImportReply>({ kind: "import", filename: file.name, problems: result.problems }, { status: result.status });
    return redirect(`/admin/model/${result.id}?imported=1`);
  }
  const parsed = copyModelSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<CopyReply>({ kind: "copy", error: "model.copy.choose" }, { status: 400 });
  const { id } = await createDraftFrom(user, parsed.data.from, clientIp(context));
  return redirect(`/admin/model/${id}?created=1`);
}

export default function ModelVersionsPage() {
  const { versions } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t, dateTime } = useI18n();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const cellLabel = useCellLabel();
  const published = params.get("published");
  const deleted = params.has("deleted");
  const active = versions.find((v) => v.status === "active");
  const label = (v: { version: number | null; name: string }) =>
    v.version === null ? t("model.draftLabel", { name: v.name }) : t("model.versionLabel", { version: v.version, name: v.name });
  const importProblems = reply?.kind === "import" ? reply.problems : [];
  return (
    <ContrastScope>
      <AdminPage title={t("model.title")} intro={t("model.intro")} back={{ to: "/admin", label: t("admin.title") }}>
        {published ? <Notice tone="success">{t("model.publishedNotice", { version: published })}</Notice> : null}
        {deleted ? <Notice tone="success">{t("model.deletedNotice")}</Notice> : null}
        {active ? <Text>{t("model.activeIs", { version: active.version ?? 0 })}</Text> : null}
        <Text size="sm">{t("model.decisionSummary")}</Text>

        <section aria-labelledby="versions-heading">
          <Title order={2} size="h3" id="versions-heading" mb="xs">
            {t("model.versions")}
          </Title>
          <Table.ScrollContainer minWidth={760}>
            <Table striped data-testid="model-versions">
              <ColumnHeads columns={[t("model.col.version"), t("model.col.status"), t("model.col.note"), t("model.col.who"), t("model.col.when")]} />
              <Table.Tbody>
                {versions.map((v) => (
                  <Table.Tr key={v.id} data-model-id={v.id}>
                    <Table.Th scope="row">
                      <Anchor component={Link} to={`/admin/model/${v.id}`}>
                        {label(v)}
                      </Anchor>
                      <Text size="xs">
                        {v.origin === "import"
                          ? t("model.origin.import")
                          : v.basedOn
                            ? v.basedOn.version !== null
                              ? t("model.origin.copyOf", { version: v.basedOn.version })
                              : t("model.origin.copyOfDraft")
                            : t("model.origin.seed")}
                      </Text>
                    </Table.Th>
                    <Table.Td>
                      <ModelStatusBadge status={v.status} />
                    </Table.Td>
                    <Table.Td>{v.note ?? "–"}</Table.Td>
                    <Table.Td>
                      {v.status === "draft"
                        ? t("model.who.draft", { created: v.createdBy ?? t("model.who.system"), edited: v.updatedBy ?? v.createdBy ?? t("model.who.system") })
                        : t("model.who.published", { name: v.publishedBy ?? t("model.who.system") })}
                    </Table.Td>
                    <Table.Td>
                      {v.status === "draft"
                        ? t("model.when.draft", { time: dateTime(v.updatedAt ?? v.createdAt) })
                        : t("model.when.published", { time: dateTime(v.publishedAt ?? v.createdAt) })}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>

        <Paper withBorder p="md">
          <Form method="post" aria-labelledby="copy-heading">
            <input type="hidden" name="intent" value="copy" />
            <Stack gap="sm">
              <Title order={2} size="h3" id="copy-heading">
                {t("model.copy.title")}
              </Title>
              <Text size="sm">{t("model.copy.intro")}</Text>
              <Group align="flex-end">
                <NativeSelect
                  name="from"
                  label={t("model.copy.from")}
                  defaultValue={String(active?.id ?? "")}
                  error={reply?.kind === "copy" ? t(reply.error) : undefined}
                  data={versions.map((v) => ({ value: String(v.id), label: `${label(v)} (${t(labelKey("model.status", v.status))})` }))}
                />
                <Button type="submit" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "copy"}>
                  {t("model.copy.submit")}
                </Button>
              </Group>
            </Stack>
          </Form>
        </Paper>

        <Paper withBorder p="md">
          <Form method="post" encType="multipart/form-data" aria-labelledby="import-heading">
            <Stack gap="sm">
              <Title order={2} size="h3" id="import-heading">
                {t("model.import.title")}
              </Title>
              <Text size="sm">{t("model.import.intro")}</Text>
              {importProblems.length > 0 ? (
                <Alert color="red" role="alert" title={t("model.import.problems", { count: importProblems.length })} data-testid="import-problems">
                  <ul className="model-problem-list">
                    {importProblems.map((p, i) => (
                      <li key={i}>
                        {p.path ? <code>{p.path}</code> : t("model.import.wholeFile")}
                        {p.cell ? ` (${cellLabel(p.cell)})` : ""}: {t(p.message, p.params)}
                      </li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
              <Group align="flex-end">
                <Input.Wrapper label={t("model.import.file")} id="model-file">
                  {/* A native file input: it works without JavaScript. */}
                  <input id="model-file" type="file" name="file" required accept="application/json,.json" className="model-file-input" />
                </Input.Wrapper>
                <Button type="submit" variant="default">
                  {t("model.import.submit")}
                </Button>
              </Group>
            </Stack>
          </Form>
        </Paper>
      </AdminPage>
    </ContrastScope>
  );
}
