import { Alert, Anchor, Badge, Button, Code, Group, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage } from "~/components/admin/admin-ui";
import { EMAIL_CATEGORIES, OUTBOX_STATUSES, type OutboxStatus } from "~/domain/notification-kinds";
import { env } from "~/env.server";
import { outboxFilterSchema, outboxRetrySchema } from "~/forms/admin-outbox";
import { knownLabel } from "~/i18n/labels";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { listOutbox, OUTBOX_PAGE_SIZE, outboxCounts, outboxMessageText, retryOutboxEmail } from "~/models/outbox.server";
import { firstMessage } from "~/models/result";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.outbox", { admin: true });

/** Platform administrators only: addresses and subjects of everyone's email. Bodies of one-time links are never sent to the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const query = new URL(request.url).searchParams;
  const filter = outboxFilterSchema.parse({ status: query.get("status") ?? undefined, message: query.get("message") ?? undefined });
  const [rows, counts, message] = await Promise.all([
    listOutbox(user, { status: filter.status }),
    outboxCounts(user),
    filter.message ? outboxMessageText(user, filter.message) : Promise.resolve(null),
  ]);
  return { rows, counts, message, status: filter.status ?? null, configured: Boolean(env().SMTP_URL), pageSize: OUTBOX_PAGE_SIZE };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const parsed = outboxRetrySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "outbox.notFound" }, { status: 404 });
  const outcome = await retryOutboxEmail(user, parsed.data.id, clientIp(context));
  if (!outcome.ok) return data({ error: firstMessage(outcome) }, { status: outcome.status });
  const back = new URL(request.url);
  back.searchParams.set("retried", String(parsed.data.id));
  return redirect(`${back.pathname}${back.search}`);
}

const STATUS_COLOUR: Record<OutboxStatus, string> = { pending: "yellow", sent: "teal", failed: "red" };

export default function OutboxPage() {
  const { rows, counts, message, status, configured, pageSize } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const { t, dateTime, timeZone } = useI18n();
  const statusLabel = (s: string) => knownLabel(t, "outbox.status", OUTBOX_STATUSES, s);
  const categoryLabel = (c: string) => knownLabel(t, "outbox.category", EMAIL_CATEGORIES, c);
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(location.search);
    next.delete("retried");
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    const search = next.toString();
    return search ? `?${search}` : "?";
  };
  return (
    <AdminPage title={t("outbox.title")} intro={t("outbox.intro", { zone: timeZone })} back={{ to: "/admin", label: t("admin.title") }}>
      {configured ? null : (
        <Alert color="yellow" role="status" title={t("outbox.notConfiguredTitle")} data-testid="outbox-not-configured">
          {t("outbox.notConfigured", { count: counts.pending })}
        </Alert>
      )}
      {params.get("retried") ? (
        <Alert color="teal" role="status">
          {t("outbox.retried")}
        </Alert>
      ) : null}
      {actionData?.error ? (
        <Alert color="red" role="alert">
          {t(actionData.error as "outbox.notFound")}
        </Alert>
      ) : null}
      <Text data-testid="outbox-counts">{t("outbox.counts", { pending: counts.pending, sent: counts.sent, failed: counts.failed })}</Text>
      <Paper withBorder p="md">
        <Form method="get" role="search" aria-label={t("outbox.filters")}>
          <Group align="flex-end">
            <NativeSelect
              name="status"
              label={t("outbox.status")}
              defaultValue={status ?? ""}
              data={[{ value: "", label: t("outbox.any") }, ...OUTBOX_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
            />
            <Button type="submit">{t("outbox.filter")}</Button>
            <Button component={Link} to="/admin/outbox" variant="default">
              {t("outbox.clear")}
            </Button>
          </Group>
        </Form>
      </Paper>
      {message ? (
        <Paper withBorder p="md" data-testid="outbox-message">
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t("outbox.messageTitle", { subject: message.subject, to: message.toAddress })}
            </Title>
            {message.sensitive ? (
              <Text>{t("outbox.sensitive")}</Text>
            ) : (
              <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {message.text}
              </Code>
            )}
            <Anchor component={Link} to={withParams({ message: null })} size="sm">
              {t("outbox.closeMessage")}
            </Anchor>
          </Stack>
        </Paper>
      ) : null}
      {rows.length === 0 ? (
        <Text>{t("outbox.empty")}</Text>
      ) : (
        <>
          <Text size="sm">{t("outbox.shown", { count: rows.length, max: pageSize })}</Text>
          <Table.ScrollContainer minWidth={1100} type="native" tabIndex={0} role="region" aria-label={t("outbox.title")}>
            <Table striped withTableBorder verticalSpacing="xs" fz="sm" data-testid="outbox-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("outbox.created")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.recipient")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.category")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.subject")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.status")}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("outbox.attempts")}
                  </Table.Th>
                  <Table.Th scope="col">{t("outbox.nextAttempt")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.lastError")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.sentAt")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id} data-testid="outbox-row" data-status={row.status}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <time dateTime={row.createdAt}>{dateTime(row.createdAt)}</time>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{row.toAddress}</Table.Td>
                    <Table.Td>{categoryLabel(row.category)}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{row.subject}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOUR[row.status]} variant="light">
                        {statusLabel(row.status)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{row.attempts}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{row.status === "pending" ? dateTime(row.nextAttemptAt) : t("outbox.none")}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{row.lastError ?? t("outbox.none")}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{row.sentAt ? dateTime(row.sentAt) : t("outbox.none")}</Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        {row.sensitive ? (
                          <Text size="xs">{t("outbox.sensitiveShort")}</Text>
                        ) : (
                          <Anchor
                            component={Link}
                            to={withParams({ message: String(row.id) })}
                            size="sm"
                            aria-label={t("outbox.viewOf", { subject: row.subject })}
                          >
                            {t("outbox.view")}
                          </Anchor>
                        )}
                        {row.status === "failed" ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="retry" />
                            <input type="hidden" name="id" value={row.id} />
                            <Button
                              type="submit"
                              size="compact-xs"
                              variant="light"
                              aria-label={t("outbox.retryOf", { subject: row.subject, to: row.toAddress })}
                            >
                              {t("outbox.retry")}
                            </Button>
                          </Form>
                        ) : null}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </AdminPage>
  );
}
