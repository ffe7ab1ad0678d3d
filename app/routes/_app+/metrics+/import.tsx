import { Alert, Anchor, Badge, Button, Code, Group, Input, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { recordId } from "~/domain/record-id";
import { clientIp, requireUser } from "~/auth.server";
import { formatMonth } from "~/components/metrics/format";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type ImportIssue, IMPORT_COLUMNS } from "~/domain/measurement-import";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { forbidden } from "~/models/access.server";
import { commitImport, importExample, importingOrganisations, previewImport, previewLabels, recentImports } from "~/models/measurement-import.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.importMetrics");

const LIMIT_MB = Math.round(MAX_IMPORT_BYTES / (1024 * 1024));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisations = importingOrganisations(user);
  return {
    organisations,
    recent: organisations.length ? await recentImports(user, organisations[0].id) : [],
    example: organisations.length ? await importExample(user, organisations[0].id) : null,
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
  };
}

const commitSchema = z.object({ intent: z.literal("commit"), organisation: recordId(), stagedId: z.string().regex(/^[0-9a-f]{32}$/) });
const previewFields = z.object({ organisation: recordId() });

type PreviewData = Awaited<ReturnType<typeof previewImport>> & { labels: Awaited<ReturnType<typeof previewLabels>>; organisation: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    const parsed = commitSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    const result = await commitImport(user, parsed.data.organisation, parsed.data.stagedId, { ip: clientIp(context) });
    return data({ kind: "commit" as const, result, preview: null }, { status: result.ok ? 200 : result.status });
  }
  let formData: FormData;
  try {
    // The platform's parser: it reads any file name a browser sends (`mittarit; Q3.csv`, `a=b.csv`).
    // The server has already capped the body (app/http/body-policy.ts).
    formData = await request.formData();
  } catch {
    throw new Response("The upload is not a well-formed multipart form.", { status: 400 });
  }
  const fields = previewFields.safeParse({ organisation: formData.get("organisation") });
  if (!fields.success || !importingOrganisations(user).some((o) => o.id === fields.data.organisation)) forbidden();
  const file = formData.get("file");
  if (file instanceof File && file.size > MAX_IMPORT_BYTES) {
    const issue: ImportIssue = { row: null, column: null, code: "tooLarge", params: { limitMb: LIMIT_MB } };
    return data({ kind: "tooLarge" as const, result: null, preview: null, issue }, { status: 413 });
  }
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const preview = await previewImport(user, fields.data.organisation, { name: file instanceof File ? file.name : "", bytes });
  const labels = await previewLabels(
    fields.data.organisation,
    [...new Set(preview.sample.map((r) => r.metricId))],
    [...new Set(preview.sample.map((r) => r.relationshipId))],
  );
  const body: PreviewData = { ...preview, labels, organisation: fields.data.organisation };
  return data({ kind: "preview" as const, result: null, preview: body }, { status: preview.issueCount > 0 ? 400 : 200 });
}

function useIssueText() {
  const { t, number } = useI18n();
  return (issue: ImportIssue) => {
    const params = { ...(issue.params ?? {}) } as Record<string, string | number>;
    // Values and bounds in the locale's number format (99,5 in Finnish); a limit is a count, which the plural block formats.
    for (const name of ["value", "min", "max"]) if (typeof params[name] === "number") params[name] = number(params[name] as number, 6);
    if (typeof params.columns === "string") {
      params.columns = params.columns
        .split(", ")
        .map((c) => knownLabel(t, "import.column", IMPORT_COLUMNS, c))
        .join(", ");
    }
    return t(labelKey("import.error", issue.code), params);
  };
}

function IssuesTable({ issues, total }: { issues: ImportIssue[]; total: number }) {
  const { t } = useI18n();
  const text = useIssueText();
  return (
    <Stack gap="xs">
      <Alert color="red" role="alert" title={t("import.invalidTitle", { count: total })}>
        {t("import.invalidHint")}
      </Alert>
      <Table striped withTableBorder fz="sm" aria-label={t("import.issues")} data-testid="import-issues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("import.row")}</Table.Th>
            <Table.Th scope="col">{t("import.column")}</Table.Th>
            <Table.Th scope="col">{t("import.problem")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((issue, i) => (
            <Table.Tr key={i}>
              <Table.Td>{issue.row ?? t("import.wholeFile")}</Table.Td>
              <Table.Td>{issue.column ? t(labelKey("import.column", issue.column)) : "–"}</Table.Td>
              <Table.Td>{text(issue)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {total > issues.length ? (
        <Text size="sm" c="dimmed">
          {t("import.moreIssues", { count: total - issues.length })}
        </Text>
      ) : null}
    </Stack>
  );
}

function Preview({ preview }: { preview: PreviewData }) {
  const { t, locale, number, dateTime } = useI18n();
  const navigation = useNavigation();
  if (preview.issueCount > 0) return <IssuesTable issues={preview.issues} total={preview.issueCount} />;
  const nothing = preview.counts.insert + preview.counts.update === 0;
  return (
    <Stack gap="sm" data-testid="import-preview">
      <Title order={2} size="h3">
        {t("import.previewTitle", { file: preview.fileName })}
      </Title>
      <Group gap="xs">
        <Badge color="teal" variant="light" size="lg">
          {t("import.count.insert", { count: preview.counts.insert })}
        </Badge>
        <Badge color="blue" variant="light" size="lg">
          {t("import.count.update", { count: preview.counts.update })}
        </Badge>
        <Badge color="gray" variant="light" size="lg">
          {t("import.count.unchanged", { count: preview.counts.unchanged })}
        </Badge>
      </Group>
      {preview.skipped > 0 ? (
        <Text size="sm" data-testid="import-skipped">
          {t("import.skipped", { count: preview.skipped })}
        </Text>
      ) : null}
      {preview.alreadyImportedAt ? <Alert color="yellow">{t("import.alreadyImported", { at: dateTime(preview.alreadyImportedAt) })}</Alert> : null}
      <Table striped withTableBorder fz="sm" aria-label={t("import.sample")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("import.row")}</Table.Th>
            <Table.Th scope="col">{t("import.column.metric")}</Table.Th>
            <Table.Th scope="col">{t("import.column.relationship")}</Table.Th>
            <Table.Th scope="col">{t("import.column.month")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("import.column.value")}
            </Table.Th>
            <Table.Th scope="col">{t("import.status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.sample.map((r) => (
            <Table.Tr key={r.row}>
              <Table.Td>{r.row}</Table.Td>
              <Table.Td>
                <code>{preview.labels.metrics[r.metricId]}</code>
              </Table.Td>
              <Table.Td>{preview.labels.relationships[r.relationshipId] ?? r.relationshipId}</Table.Td>
              <Table.Td>{formatMonth(locale, r.month)}</Table.Td>
              <Table.Td ta="right">{number(r.value, 4)}</Table.Td>
              <Table.Td>
                {r.status === "update" ? t("import.status.update", { previous: number(r.previous, 4) }) : t(labelKey("import.status", r.status))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {preview.rowCount > preview.sample.length ? (
        <Text size="sm" c="dimmed">
          {t("import.sampleNote", { shown: preview.sample.length, total: preview.rowCount })}
        </Text>
      ) : null}
      {nothing ? (
        <Alert color="gray" role="status">
          {t("import.nothingToDo")}
        </Alert>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="commit" />
          <input type="hidden" name="organisation" value={preview.organisation} />
          <input type="hidden" name="stagedId" value={preview.stagedId ?? ""} />
          <Group>
            <Button type="submit" loading={navigation.state === "submitting"}>
              {t("import.commit", { count: preview.counts.insert + preview.counts.update })}
            </Button>
            <Text size="xs" c="dimmed">
              {t("import.commitHint")}
            </Text>
          </Group>
        </Form>
      )}
    </Stack>
  );
}

export default function ImportMeasurements() {
  const { organisations, recent, example, isOrgAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, dateTime } = useI18n();
  const issueText = useIssueText();
  const [clientTooLarge, setClientTooLarge] = useState(false);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("import.title")}</Title>
        <Text c="dimmed">{t("import.intro")}</Text>
      </div>
      <MetricsNav current="import" isOrgAdmin={isOrgAdmin} />

      {organisations.length === 0 ? (
        <Alert color="gray">{t("metrics.record.none")}</Alert>
      ) : (
        <>
          <Stack gap={4}>
            <Title order={2} size="h4">
              {t("import.formatTitle")}
            </Title>
            <Text size="sm">{t("import.format")}</Text>
            <Text size="sm">{t("import.formatDialects")}</Text>
            {example ? (
              <>
                <Text size="sm">{t("import.example")}</Text>
                <Code block data-testid="import-example">
                  {`metric;provider_business_id;customer_business_id;month;value\n${example.metric};${example.providerBusinessId};${example.customerBusinessId};${example.month};96,5`}
                </Code>
              </>
            ) : null}
            <Text size="sm" c="dimmed">
              {t("import.limits", { mb: LIMIT_MB, rows: MAX_IMPORT_ROWS })}
            </Text>
          </Stack>

          <Stack gap={4} component="section" aria-labelledby="import-template-title">
            <Title order={2} size="h4" id="import-template-title">
              {t("import.template.title")}
            </Title>
            <Text size="sm">{t("import.template.intro")}</Text>
            <Group gap="md">
              {organisations.map((o) => (
                <Group gap="md" key={o.id}>
                  <Anchor href={`/metrics/import/template?organisation=${o.id}&format=csv`} size="sm" download>
                    {t("import.template.csv")}
                    {organisations.length > 1 ? ` · ${o.name}` : ""}
                  </Anchor>
                  <Anchor href={`/metrics/import/template?organisation=${o.id}&format=xlsx`} size="sm" download>
                    {t("import.template.xlsx")}
                    {organisations.length > 1 ? ` · ${o.name}` : ""}
                  </Anchor>
                </Group>
              ))}
            </Group>
          </Stack>

          <Form method="post" encType="multipart/form-data" aria-label={t("import.title")}>
            <Stack gap="sm" maw={560}>
              {organisations.length > 1 ? (
                <NativeSelect name="organisation" label={t("import.organisation")} data={organisations.map((o) => ({ value: String(o.id), label: o.name }))} />
              ) : (
                <input type="hidden" name="organisation" value={organisations[0].id} />
              )}
              <Input.Wrapper
                label={t("import.file")}
                description={t("import.fileHint")}
                error={clientTooLarge ? t("import.error.tooLarge", { limitMb: LIMIT_MB }) : undefined}
                id="import-file"
                required
              >
                {/* A native file input: it works without JavaScript. */}
                <input
                  id="import-file"
                  type="file"
                  name="file"
                  required
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  aria-describedby="import-file-description"
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0];
                    setClientTooLarge(!!file && file.size > MAX_IMPORT_BYTES);
                  }}
                  style={{ display: "block", marginTop: 6 }}
                />
              </Input.Wrapper>
              <Group>
                <Button type="submit" disabled={clientTooLarge} loading={navigation.state === "submitting"}>
                  {t("import.preview")}
                </Button>
              </Group>
            </Stack>
          </Form>
        </>
      )}

      {actionData?.kind === "tooLarge" ? (
        <Alert color="red" role="alert">
          {issueText(actionData.issue)}
        </Alert>
      ) : null}
      {actionData?.kind === "preview" && actionData.preview ? <Preview preview={actionData.preview} /> : null}
      {actionData?.kind === "commit" && actionData.result ? (
        actionData.result.ok ? (
          <Alert color="teal" role="status" title={t("import.doneTitle")} data-testid="import-done">
            {actionData.result.inserted + actionData.result.updated === 0
              ? t("import.doneNothing")
              : t("import.done", { inserted: actionData.result.inserted, updated: actionData.result.updated, unchanged: actionData.result.unchanged })}
          </Alert>
        ) : actionData.result.issues ? (
          <IssuesTable issues={actionData.result.issues} total={actionData.result.issueCount ?? actionData.result.issues.length} />
        ) : (
          <Alert color="red" role="alert">
            {t("import.expired")}
          </Alert>
        )
      ) : null}

      {recent.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t("import.recent")}
          </Title>
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("import.when")}</Table.Th>
                <Table.Th scope="col">{t("import.file")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("import.rows")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("import.inserted")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("import.updated")}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recent.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{dateTime(r.createdAt)}</Table.Td>
                  <Table.Td>{r.fileName}</Table.Td>
                  <Table.Td ta="right">{r.rowCount}</Table.Td>
                  <Table.Td ta="right">{r.insertedCount}</Table.Td>
                  <Table.Td ta="right">{r.updatedCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Stack>
  );
}
