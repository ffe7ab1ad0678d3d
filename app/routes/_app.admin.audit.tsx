import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { AdminPage, JsonText, useErrorText } from "~/components/admin/admin-ui";
import { auditFilterSchema } from "~/forms/admin-audit";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { auditFilterOptions, listAuditEntries, type AuditEntryView } from "~/models/audit-query.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Administration" }];

const FILTER_FIELDS = ["action", "actor", "entityType", "entityId", "from", "to"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const query = new URL(request.url).searchParams;
  // Each filter once; a repeated parameter keeps its first value.
  const raw = Object.fromEntries([...FILTER_FIELDS, "page"].map((k) => [k, query.get(k) ?? undefined]));
  const values = Object.fromEntries(FILTER_FIELDS.map((k) => [k, (raw[k] ?? "").slice(0, 254)])) as Record<(typeof FILTER_FIELDS)[number], string>;
  const options = auditFilterOptions(user);
  const parsed = auditFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return data(
      { values, options, errors, entries: [] as AuditEntryView[], total: 0, page: 1, pageCount: 1 },
      { status: 400 },
    );
  }
  const result = listAuditEntries(user, parsed.data);
  return { values, options, errors: {} as Record<string, string>, ...result };
}

function utc(at: string): string {
  return `${at.slice(0, 19).replace("T", " ")} UTC`;
}

export default function AuditPage() {
  const { values, options, errors, entries, total, page, pageCount } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  const err = useErrorText();
  const location = useLocation();
  const hasErrors = Object.keys(errors).length > 0;
  const pageLink = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `?${params}`;
  };
  return (
    <AdminPage title={t("admin.audit.title")} intro={t("admin.audit.intro")} back={{ to: "/admin", label: t("admin.title") }}>
      <Paper withBorder p="md">
        <Form method="get" role="search" aria-label={t("admin.audit.filters")}>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <NativeSelect
              name="action"
              label={t("admin.audit.action")}
              defaultValue={values.action}
              error={err(errors.action)}
              data={[{ value: "", label: t("admin.audit.any") }, ...options.actions.map((a) => ({ value: a, label: a }))]}
            />
            <TextInput name="actor" label={t("admin.audit.actor")} description={t("admin.audit.actorHint")} defaultValue={values.actor} error={err(errors.actor)} />
            <NativeSelect
              name="entityType"
              label={t("admin.audit.entityType")}
              defaultValue={values.entityType}
              error={err(errors.entityType)}
              data={[{ value: "", label: t("admin.audit.any") }, ...options.entityTypes.map((a) => ({ value: a, label: a }))]}
            />
            <TextInput name="entityId" label={t("admin.audit.entityId")} defaultValue={values.entityId} error={err(errors.entityId)} />
            <TextInput name="from" type="date" label={t("admin.audit.from")} defaultValue={values.from} error={err(errors.from)} />
            <TextInput name="to" type="date" label={t("admin.audit.to")} defaultValue={values.to} error={err(errors.to)} />
          </SimpleGrid>
          <Group mt="md">
            <Button type="submit">{t("admin.filter")}</Button>
            <Button component={Link} to="/admin/audit" variant="default">
              {t("admin.audit.clear")}
            </Button>
          </Group>
        </Form>
      </Paper>
      {hasErrors ? (
        <Alert color="red" role="alert" title={t("admin.audit.badFilter")}>
          {Object.values(errors)
            .map((e) => err(e))
            .join(" ")}
        </Alert>
      ) : (
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="audit-summary">
          {t("admin.audit.summary", { total, page, pages: pageCount })}
        </Text>
      )}
      {entries.length === 0 && !hasErrors ? <Text>{t("admin.audit.empty")}</Text> : null}
      {entries.length > 0 ? (
        <Table striped withTableBorder verticalSpacing="xs" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("admin.audit.time")}</Table.Th>
              <Table.Th>{t("admin.audit.actor")}</Table.Th>
              <Table.Th>{t("admin.audit.action")}</Table.Th>
              <Table.Th>{t("admin.audit.entity")}</Table.Th>
              <Table.Th w="22%">{t("admin.audit.before")}</Table.Th>
              <Table.Th w="22%">{t("admin.audit.after")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <time dateTime={e.at}>{utc(e.at)}</time>
                  {e.ip ? (
                    <Text size="xs" c="dimmed">
                      {t("admin.audit.ip", { ip: e.ip })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {e.actorEmail ?? (
                    <Text c="dimmed" size="sm" title={t("admin.audit.noActor")}>
                      <span aria-hidden="true">–</span>
                      <VisuallyHidden>{t("admin.audit.noActor")}</VisuallyHidden>
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {e.action}
                  </Text>
                </Table.Td>
                <Table.Td style={{ overflowWrap: "break-word" }}>
                  {e.entityType ? `${e.entityType}${e.entityId ? (/^\d+$/.test(e.entityId) ? ` #${e.entityId}` : ` ${e.entityId}`) : ""}` : "–"}
                </Table.Td>
                <Table.Td>
                  <JsonText value={e.before} />
                </Table.Td>
                <Table.Td>
                  <JsonText value={e.after} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {pageCount > 1 ? (
        <Group component="nav" aria-label={t("admin.audit.pages")}>
          {page > 1 ? (
            <Button component={Link} to={pageLink(page - 1)} variant="default" rel="prev">
              {t("admin.audit.previous")}
            </Button>
          ) : null}
          <Text size="sm">{t("admin.audit.pageOf", { page, pages: pageCount })}</Text>
          {page < pageCount ? (
            <Button component={Link} to={pageLink(page + 1)} variant="default" rel="next">
              {t("admin.audit.next")}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </AdminPage>
  );
}
