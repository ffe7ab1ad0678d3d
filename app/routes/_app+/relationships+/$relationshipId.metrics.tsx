import { useErrorText } from "~/components/forms";
import { Alert, Anchor, Button, Group, NativeSelect, Paper, ScrollArea, Stack, Table, Text, Title } from "@mantine/core";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { z } from "zod";
import { clientIp, requireUser } from "~/auth.server";
import { categoryLabel, formatMetricValue, formatMonth, unitLabel } from "~/components/metrics/format";
import { metricDeletionSchema } from "~/forms/metric-deletion";
import { parseGridForm } from "~/forms/metric-grid";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { deleteMeasurement, ownMeasurement } from "~/models/measurement-deletion.server";
import { addMonths, getMeasurementGrid, latestRecordableMonth, monthOf, recordMeasurements } from "~/models/measurement.server";
import { calendarNow } from "~/models/user.server";
import { idParam } from "~/http/route-params.server";
import { firstErrors } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.measurements");

const querySchema = z.object({
  to: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
});

/** The window ends at `to` (default: last month), never after the current month (in the user's calendar). */
function windowEnd(url: URL, now: Date): string {
  const latest = latestRecordableMonth(now);
  const { to } = querySchema.parse({ to: url.searchParams.get("to") ?? undefined });
  const fallback = addMonths(monthOf(now), -1);
  return to && to <= latest ? to : fallback;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = calendarNow(user);
  const to = windowEnd(new URL(request.url), now);
  const grid = await getMeasurementGrid(user, idParam(params, "relationshipId"), to);
  const latest = latestRecordableMonth(now);
  const later = addMonths(to, 12) <= latest ? addMonths(to, 12) : latest;
  return { grid, to, earlier: addMonths(to, -12), later: to < latest ? later : null };
}

type Deletion = {
  stage: "confirm" | "done" | "notFound";
  metricId: number;
  month: string;
  value: number | null;
  unit: string;
  nameFi: string;
  nameEn: string;
  organisation: string;
};

/** The deletion of one value: `deleteReview` shows what would go, `delete` deletes it. */
async function deletionAction(user: Awaited<ReturnType<typeof requireUser>>, id: number, formData: FormData, ip: string | null) {
  const parsed = metricDeletionSchema.safeParse(Object.fromEntries(formData));
  const none = { ok: false as const, errors: {} as Record<string, string>, typed: {} as Record<string, string>, counts: null };
  if (!parsed.success) throw new Response("Choose a metric and a month", { status: 400 });
  const { intent, metric, month } = parsed.data;
  const found = intent === "delete" ? await deleteMeasurement(user, id, metric, month, { ip }) : await ownMeasurement(user, id, metric, month);
  const row = found && "ok" in found ? (found.ok ? found.deleted : null) : found;
  if (!row) {
    const deletion: Deletion = { stage: "notFound", metricId: metric, month, value: null, unit: "", nameFi: "", nameEn: "", organisation: "" };
    return data({ ...none, deletion }, { status: 404 });
  }
  const deletion: Deletion = {
    stage: intent === "delete" ? "done" : "confirm",
    metricId: metric,
    month,
    value: row.value,
    unit: row.unit,
    nameFi: row.nameFi,
    nameEn: row.nameEn,
    organisation: row.organisationName,
  };
  return { ...none, deletion };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params, "relationshipId");
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "deleteReview" || intent === "delete") return deletionAction(user, id, formData, clientIp(context));
  const parsed = parseGridForm(formData);
  if (Object.keys(parsed.errors).length > 0) {
    return data({ ok: false as const, errors: parsed.errors, typed: parsed.typed, counts: null, deletion: null }, { status: 400 });
  }
  const result = await recordMeasurements(user, id, parsed.cells, { ip: clientIp(context) });
  if (!result.ok)
    return data({ ok: false as const, errors: firstErrors(result), typed: parsed.typed, counts: null, deletion: null }, { status: result.status });
  return {
    ok: true as const,
    errors: {} as Record<string, string>,
    typed: {} as Record<string, string>,
    counts: { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged },
    deletion: null,
  };
}

/** Values in inputs use a plain number with the locale's decimal mark, no grouping, so they post back unchanged. */
function inputValue(value: number, locale: "fi" | "en"): string {
  const s = String(value);
  return locale === "fi" ? s.replace(".", ",") : s;
}

export default function MeasurementGridPage() {
  const { grid, to, earlier, later } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const readOnly = grid.recordingOrganisation === null;
  const cellMap = new Map(grid.cells.map((c) => [`${c.metricId}|${c.month}`, c]));
  const errors = actionData?.errors ?? {};
  const typed = actionData?.typed ?? {};
  const errorCount = Object.keys(errors).length;
  const byCategory = new Map<string, typeof grid.metrics>();
  for (const m of grid.metrics) byCategory.set(m.category, [...(byCategory.get(m.category) ?? []), m]);

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to="/metrics/record" size="sm">
          ← {t("metrics.record.title")}
        </Anchor>
        <Title order={1}>{t("metrics.grid.title")}</Title>
        <Text fw={500}>
          {grid.relationship.providerName} → {grid.relationship.customerName} · {grid.relationship.serviceName}
        </Text>
        <Text size="sm" c="dimmed">
          {readOnly ? t("metrics.grid.readOnly") : t("metrics.grid.intro", { organisation: grid.recordingOrganisation!.name })}
        </Text>
      </div>

      <Group gap="sm">
        <Button component={Link} to={`?to=${earlier}`} variant="default" size="compact-sm">
          ← {t("metrics.grid.earlier")}
        </Button>
        <Text size="sm">
          {formatMonth(locale, grid.months[0])} – {formatMonth(locale, to)}
        </Text>
        {later ? (
          <Button component={Link} to={`?to=${later}`} variant="default" size="compact-sm">
            {t("metrics.grid.later")} →
          </Button>
        ) : null}
      </Group>

      {actionData?.ok ? (
        <Alert color="teal" role="status">
          {t("metrics.grid.saved", { inserted: actionData.counts.inserted, updated: actionData.counts.updated })}
        </Alert>
      ) : null}
      {errorCount > 0 ? (
        <Alert color="red" role="alert">
          {t("metrics.grid.errors", { count: errorCount })}
        </Alert>
      ) : null}

      <Form method="post" aria-label={t("metrics.grid.title")}>
        <Stack gap="sm">
          {/* Focusable, so the grid can be scrolled sideways from the keyboard. */}
          <ScrollArea type="auto" offsetScrollbars viewportProps={{ tabIndex: 0 }}>
            <Table withTableBorder withColumnBorders fz="sm" style={{ minWidth: 1100 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" style={{ minWidth: 220 }}>
                    {t("metrics.metric")}
                  </Table.Th>
                  {grid.months.map((m) => (
                    <Table.Th key={m} scope="col" ta="center">
                      {formatMonth(locale, m)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...byCategory].map(([category, metrics]) => (
                  <Fragment key={category}>
                    <Table.Tr bg="gray.0">
                      <Table.Th scope="colgroup" colSpan={grid.months.length + 1}>
                        {categoryLabel(t, category)}
                      </Table.Th>
                    </Table.Tr>
                    {metrics.map((metric) => {
                      const name = locale === "fi" ? metric.nameFi : metric.nameEn;
                      return (
                        <Table.Tr key={metric.id}>
                          <Table.Th scope="row" fw={500}>
                            {name}
                            <Text span size="xs" c="dimmed">
                              {" "}
                              ({unitLabel(t, metric.unit)}
                              {metric.target !== null ? ` · ${t("metrics.targetIs", { target: formatMetricValue(locale, metric.target, metric.unit) })}` : ""})
                            </Text>
                          </Table.Th>
                          {grid.months.map((month) => {
                            const cell = cellMap.get(`${metric.id}|${month}`);
                            const field = `cell:${metric.id}:${month}`;
                            const label = `${name}, ${formatMonth(locale, month)}`;
                            const error = errors[field];
                            if (readOnly || (cell && !cell.mine)) {
                              return (
                                <Table.Td key={month} ta="right" title={cell ? t("metrics.recordedBy", { name: cell.recordedByName }) : undefined}>
                                  {cell ? <span style={{ whiteSpace: "nowrap" }}>{formatMetricValue(locale, cell.value, metric.unit)}</span> : ""}
                                  {cell && !cell.mine && !readOnly ? (
                                    // Plain text that wraps in the narrow month column (a badge was cut to "OTHE…").
                                    <Text
                                      component="span"
                                      size="xs"
                                      c="gray.7"
                                      display="block"
                                      lh={1.2}
                                      data-testid="other-party"
                                      aria-label={t("metrics.recordedBy", { name: cell.recordedByName })}
                                    >
                                      {t("metrics.grid.theirs")}
                                    </Text>
                                  ) : null}
                                </Table.Td>
                              );
                            }
                            return (
                              <Table.Td key={month} p={2}>
                                <input
                                  name={field}
                                  aria-label={label}
                                  aria-invalid={error ? true : undefined}
                                  aria-describedby={error ? `${field}-error` : undefined}
                                  inputMode="decimal"
                                  autoComplete="off"
                                  defaultValue={typed[field] ?? (cell ? inputValue(cell.value, locale) : "")}
                                  size={7}
                                  style={{
                                    width: "100%",
                                    minWidth: 64,
                                    padding: "4px 6px",
                                    textAlign: "right",
                                    font: "inherit",
                                    borderRadius: 4,
                                    border: `${error ? 2 : 1}px solid var(--mantine-color-${error ? "red-7" : "gray-5"})`,
                                  }}
                                />
                                {error ? (
                                  <Text id={`${field}-error`} size="xs" c="red.8">
                                    {errorText(error)}
                                  </Text>
                                ) : null}
                              </Table.Td>
                            );
                          })}
                        </Table.Tr>
                      );
                    })}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          {readOnly ? null : (
            <Group>
              <Button type="submit" loading={navigation.state === "submitting"}>
                {t("metrics.grid.save")}
              </Button>
              <Text size="xs" c="dimmed">
                {t("metrics.grid.blankHint")}
              </Text>
            </Group>
          )}
        </Stack>
      </Form>

      {readOnly ? null : <DeleteValue grid={grid} deletion={actionData?.deletion ?? null} />}
    </Stack>
  );
}

/**
 * Deleting a wrong value, in two steps that work without JavaScript: choose
 * the metric and month, see the value, then confirm.
 */
function DeleteValue({ grid, deletion }: { grid: ReturnType<typeof useLoaderData<typeof loader>>["grid"]; deletion: Deletion | null }) {
  const { t, locale } = useI18n();
  const navigation = useNavigation();
  const mine = grid.cells.filter((c) => c.mine);
  const metrics = grid.metrics.filter((m) => mine.some((c) => c.metricId === m.id));
  const months = grid.months.filter((month) => mine.some((c) => c.month === month));
  const name = (d: { nameFi: string; nameEn: string }) => (locale === "fi" ? d.nameFi : d.nameEn);
  return (
    <Stack gap="xs" component="section" aria-labelledby="delete-value-title">
      <Title order={2} size="h3" id="delete-value-title">
        {t("metrics.delete.title")}
      </Title>
      <Text size="sm">{t("metrics.delete.intro")}</Text>
      {deletion?.stage === "done" ? (
        <Alert color="teal" role="status" data-testid="delete-done">
          {t("metrics.delete.done", { metric: name(deletion), month: formatMonth(locale, deletion.month) })}
        </Alert>
      ) : null}
      {deletion?.stage === "notFound" ? (
        <Alert color="red" role="alert">
          {t("metrics.delete.notFound")}
        </Alert>
      ) : null}
      {deletion?.stage === "confirm" ? (
        <Paper withBorder p="md" role="region" aria-labelledby="delete-confirm-title" data-testid="delete-confirm">
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="metric" value={deletion.metricId} />
            <input type="hidden" name="month" value={deletion.month} />
            <Stack gap="sm">
              <Title order={3} size="h4" id="delete-confirm-title">
                {t("metrics.delete.confirmTitle", { metric: name(deletion), month: formatMonth(locale, deletion.month) })}
              </Title>
              <Text size="sm">
                {t("metrics.delete.confirmText", { value: formatMetricValue(locale, deletion.value, deletion.unit), organisation: deletion.organisation })}
              </Text>
              <Group>
                <Button type="submit" color="red" loading={navigation.state === "submitting"}>
                  {t("metrics.delete.confirm")}
                </Button>
                <Button component={Link} to="." variant="default">
                  {t("metrics.delete.cancel")}
                </Button>
              </Group>
            </Stack>
          </Form>
        </Paper>
      ) : mine.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("metrics.delete.none")}
        </Text>
      ) : (
        <Form method="post" aria-labelledby="delete-value-title">
          <input type="hidden" name="intent" value="deleteReview" />
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NativeSelect
              name="metric"
              label={t("metrics.metric")}
              data={metrics.map((m) => ({ value: String(m.id), label: name(m) }))}
              w={{ base: "100%", sm: 300 }}
            />
            <NativeSelect
              name="month"
              label={t("metrics.month")}
              defaultValue={months.at(-1)}
              data={months.map((m) => ({ value: m, label: formatMonth(locale, m) }))}
              w={{ base: "100%", sm: 160 }}
            />
            <Button type="submit" variant="default">
              {t("metrics.delete.review")}
            </Button>
          </Group>
        </Form>
      )}
    </Stack>
  );
}
