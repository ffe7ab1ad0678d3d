import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-ui";
import { useErrorText } from "~/components/forms";
import { auditFilterSchema } from "~/forms/admin-audit";
import type { MessageKey } from "~/i18n/messages";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { administeredOrganisationIds, requireOrganisationAdminOrPlatformAdmin } from "~/models/admin-access.server";
import { ID_FIELDS, type RefKind } from "~/domain/audit";
import { auditFilterOptions, listAuditEntries, type AuditEntryView } from "~/models/audit-query.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.audit", { admin: true });

const FILTER_FIELDS = ["action", "actor", "entityType", "entityId", "from", "to"] as const;

/** A platform administrator reads the whole log; an organisation admin their organisations' part of it (scoped in the model). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  const query = new URL(request.url).searchParams;
  // Each filter once; a repeated parameter keeps its first value.
  const raw = Object.fromEntries([...FILTER_FIELDS, "page"].map((k) => [k, query.get(k) ?? undefined]));
  const values = Object.fromEntries(FILTER_FIELDS.map((k) => [k, (raw[k] ?? "").slice(0, 254)])) as Record<(typeof FILTER_FIELDS)[number], string>;
  const options = await auditFilterOptions(user);
  const own = new Set(administeredOrganisationIds(user));
  const scope = user.isPlatformAdmin ? null : user.memberships.filter((m) => own.has(m.organisationId)).map((m) => m.organisationName);
  const parsed = auditFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return data(
      { values, options, scope, errors, entries: [] as AuditEntryView[], refs: {} as Record<string, string>, total: 0, page: 1, pageCount: 1 },
      { status: 400 },
    );
  }
  const result = await listAuditEntries(user, parsed.data);
  return { values, options, scope, errors: {} as Record<string, string>, ...result };
}

/** Fields whose values are words of the interface: the message prefix that names them. */
const ENUM_FIELDS: Record<string, string> = {
  stage: "stage",
  lifecycleStage: "stage",
  toStage: "stage",
  sizeClass: "size",
  maturityOverride: "maturity",
  maturity: "maturity",
  diversity: "diversity",
  criticality: "criticality",
  reasonCategory: "reason",
  locale: "lang",
  role: "role",
  status: "actionStatus",
  factor: "factor",
  phase: "phase",
  audience: "sharing.audience",
  side: "compare.side",
  direction: "metrics.direction",
  aggregation: "metrics.aggregation",
};

/** Translates a key, or gives null when the dictionary has no such text. */
function useMaybe() {
  const { t } = useI18n();
  return (key: string, params?: Record<string, string | number>) => {
    // Cast: this probes keys built from stored audit field names; `text === key` below tells an unknown one.
    const text = t(key as MessageKey, params);
    return text === key ? null : text;
  };
}

/** One value of an entry's before/after, in words: names for ids, dates in local time, interface words for codes. */
function useValueText(refs: Record<string, string>) {
  const { t, number, date, dateTime, quarter } = useI18n();
  const maybe = useMaybe();
  const text = (field: string, value: unknown, depth = 0): string => {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value === "boolean") return t(value ? "admin.audit.yes" : "admin.audit.no");
    const kind: RefKind | undefined = ID_FIELDS[field];
    if (kind && (typeof value === "number" || typeof value === "string"))
      return refs[`${kind}:${Number(value)}`] ?? t("admin.audit.recordId", { id: String(value) });
    if (typeof value === "number") return number(value, 2);
    if (typeof value === "string") {
      if (value === "[redacted]") return t("admin.audit.redacted");
      if (ENUM_FIELDS[field]) return maybe(`${ENUM_FIELDS[field]}.${value}`) ?? maybe(`audit.value.${value}`) ?? value;
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return dateTime(value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return date(value);
      if (/^\d{4}-Q[1-4]$/.test(value)) return quarter(value);
      return value.length > 200 ? `${value.slice(0, 200)}…` : value;
    }
    if (Array.isArray(value)) return t("admin.audit.items", { count: value.length });
    if (typeof value === "object" && depth < 2) {
      // A record inside an entry (an assessment's scores by factor): its fields in words, one level further in brackets.
      const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${fieldLabel(k)}: ${text(k, v, depth + 1)}`);
      return depth === 0 ? parts.join("; ") : `(${parts.join(", ")})`;
    }
    return t("admin.audit.details");
  };
  const fieldLabel = (field: string) => maybe(`audit.field.${field}`) ?? maybe(`factor.${field}`) ?? field;
  return { text, fieldLabel };
}

function Changes({ entry, refs }: { entry: AuditEntryView; refs: Record<string, string> }) {
  const { t } = useI18n();
  const { text, fieldLabel } = useValueText(refs);
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => f !== "eventId");
  if (fields.length === 0) {
    return (
      <Text size="sm" c="gray.7">
        {t("admin.audit.noChanges")}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {fields.map((f) => {
        const had = f in before;
        const has = f in after;
        return (
          <Text key={f} size="sm" style={{ overflowWrap: "anywhere" }}>
            <Text span fw={600} size="sm">
              {fieldLabel(f)}:
            </Text>{" "}
            {had && has ? `${text(f, before[f])} → ${text(f, after[f])}` : had ? `${text(f, before[f])} → –` : text(f, after[f])}
          </Text>
        );
      })}
    </Stack>
  );
}

export default function AuditPage() {
  const { values, options, scope, errors, entries, refs, total, page, pageCount } = useLoaderData<typeof loader>();
  const { t, dateTime, timeZone } = useI18n();
  const maybe = useMaybe();
  const err = useErrorText();
  const location = useLocation();
  const hasErrors = Object.keys(errors).length > 0;
  const actionLabel = (action: string) => maybe(`audit.action.${action}`) ?? action;
  const entityLabel = (type: string) => maybe(`audit.entity.${type}`) ?? type;
  const pageLink = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `?${params}`;
  };
  return (
    <AdminPage
      title={t("admin.audit.title")}
      intro={
        scope ? t("admin.audit.introOrganisation", { organisations: scope.join(", "), zone: timeZone }) : t("admin.audit.introPlatform", { zone: timeZone })
      }
      back={{ to: "/admin", label: t("admin.title") }}
    >
      <Paper withBorder p="md">
        <Form method="get" role="search" aria-label={t("admin.audit.filters")}>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <NativeSelect
              name="action"
              label={t("admin.audit.action")}
              defaultValue={values.action}
              error={err(errors.action)}
              data={[{ value: "", label: t("admin.audit.any") }, ...options.actions.map((a) => ({ value: a, label: actionLabel(a) }))]}
            />
            <TextInput
              name="actor"
              label={t("admin.audit.actor")}
              description={t("admin.audit.actorHint")}
              defaultValue={values.actor}
              error={err(errors.actor)}
            />
            <NativeSelect
              name="entityType"
              label={t("admin.audit.entityType")}
              defaultValue={values.entityType}
              error={err(errors.entityType)}
              data={[{ value: "", label: t("admin.audit.any") }, ...options.entityTypes.map((a) => ({ value: a, label: entityLabel(a) }))]}
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
        <Text size="sm" c="gray.7" aria-live="polite" data-testid="audit-summary">
          {t("admin.audit.summary", { total, page, pages: pageCount })}
        </Text>
      )}
      {entries.length === 0 && !hasErrors ? <Text>{t("admin.audit.empty")}</Text> : null}
      {entries.length > 0 ? (
        <Table striped withTableBorder verticalSpacing="xs" data-testid="audit-table" className="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("admin.audit.time")}</Table.Th>
              <Table.Th>{t("admin.audit.actor")}</Table.Th>
              <Table.Th>{t("admin.audit.action")}</Table.Th>
              <Table.Th>{t("admin.audit.entity")}</Table.Th>
              <Table.Th w="34%">{t("admin.audit.changes")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <Table.Tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <Table.Td style={{ whiteSpace: "nowrap" }} data-label={t("admin.audit.time")}>
                  <time dateTime={e.at}>{dateTime(e.at)}</time>
                  {e.ip ? (
                    <Text size="xs" c="gray.7">
                      {t("admin.audit.ip", { ip: e.ip })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td data-label={t("admin.audit.actor")}>
                  {e.actor ? (
                    <>
                      <Text size="sm">{e.actor.name}</Text>
                      <Text size="xs" c="gray.7" style={{ overflowWrap: "anywhere" }}>
                        {e.actor.email}
                        {e.actorOrganisation ? ` · ${t("admin.audit.actorOrganisationIs", { organisation: e.actorOrganisation })}` : ""}
                      </Text>
                    </>
                  ) : (
                    <Text c="gray.7" size="sm" title={t("admin.audit.noActor")}>
                      <span aria-hidden="true">–</span>
                      <VisuallyHidden>{t("admin.audit.noActor")}</VisuallyHidden>
                    </Text>
                  )}
                </Table.Td>
                <Table.Td data-label={t("admin.audit.action")}>
                  <Text size="sm" title={e.action}>
                    {actionLabel(e.action)}
                  </Text>
                </Table.Td>
                <Table.Td style={{ overflowWrap: "anywhere" }} data-label={t("admin.audit.entity")}>
                  {e.entityType ? (
                    <>
                      <Text size="xs" c="gray.7">
                        {entityLabel(e.entityType)}
                      </Text>
                      <Text size="sm">
                        {e.entityName ?? (e.entityId ? (/^\d+$/.test(e.entityId) ? t("admin.audit.recordId", { id: e.entityId }) : e.entityId) : "–")}
                      </Text>
                    </>
                  ) : (
                    "–"
                  )}
                </Table.Td>
                <Table.Td data-label={t("admin.audit.changes")}>
                  <Changes entry={e} refs={refs} />
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
