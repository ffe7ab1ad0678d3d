import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { Notice } from "~/components/admin/admin-ui";
import { LinkPager } from "~/components/link-pager";
import { notificationText } from "~/domain/notifications";
import { markAllReadSchema, markReadSchema } from "~/forms/notifications";
import { resolveLocale } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { listNotifications, markAllRead, markRead } from "~/models/notifications.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.notifications");

function pageOf(url: URL): number {
  const page = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  return listNotifications(user, pageOf(new URL(request.url)), locale);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const page = pageOf(new URL(request.url));
  const back = (notice: string) => redirect(`/notifications?${page > 1 ? `page=${page}&` : ""}notice=${notice}`);
  if (formData.get("intent") === "readAll") {
    if (!markAllReadSchema.safeParse(Object.fromEntries(formData)).success) throw new Response("Bad request", { status: 400 });
    await markAllRead(user);
    return back("allRead");
  }
  const parsed = markReadSchema.safeParse(Object.fromEntries(formData));
  // A malformed id is no notification of this user's: the same 404 as someone else's.
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  await markRead(user, parsed.data.notificationId);
  return back("read");
}

export default function NotificationsPage() {
  const { items, page, pageCount, unread } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, dateTime, locale } = useI18n();
  const notice = params.get("notice");
  const pageQuery = page > 1 ? `?page=${page}` : "";

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("notifications.title")}</Title>
        <Text>{t("notifications.intro")}</Text>
      </div>
      {notice === "allRead" ? <Notice tone="success">{t("notifications.allReadNotice")}</Notice> : null}
      {notice === "read" ? <Notice tone="success">{t("notifications.readNotice")}</Notice> : null}
      <Group justify="space-between">
        <Anchor component={Link} to="/settings/notifications">
          {t("notifications.settingsLink")}
        </Anchor>
        {unread > 0 ? (
          <Form method="post" action={`/notifications${pageQuery}`}>
            <input type="hidden" name="intent" value="readAll" />
            <Button type="submit" variant="default" size="compact-sm">
              {t("notifications.markAllRead")}
            </Button>
          </Form>
        ) : null}
      </Group>
      {items.length === 0 ? (
        <Text>{t("notifications.none")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600} type="native" tabIndex={0} role="region" aria-label={t("notifications.title")}>
          <Table striped withTableBorder fz="sm" data-testid="notification-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("notifications.what")}</Table.Th>
                <Table.Th scope="col">{t("notifications.when")}</Table.Th>
                <Table.Th scope="col">{t("notifications.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((n) => {
                const text = notificationText(t, locale, n);
                const isUnread = n.readAt === null;
                return (
                  <Table.Tr key={n.id} data-testid="notification" data-unread={isUnread ? "true" : undefined}>
                    <Table.Td fw={isUnread ? 600 : undefined}>
                      <Anchor component={Link} to={`/notifications/${n.id}`}>
                        {text}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{dateTime(n.createdAt)}</Table.Td>
                    <Table.Td>
                      {isUnread ? (
                        <Form method="post" action={`/notifications${pageQuery}`}>
                          <input type="hidden" name="intent" value="read" />
                          <input type="hidden" name="notificationId" value={n.id} />
                          <Group gap={6} wrap="nowrap">
                            <Badge color="blue" variant="light">
                              {t("notifications.unread")}
                            </Badge>
                            <Button type="submit" size="compact-xs" variant="default" aria-label={t("notifications.markReadOf", { text })}>
                              {t("notifications.markRead")}
                            </Button>
                          </Group>
                        </Form>
                      ) : (
                        <Text size="sm">{t("notifications.read")}</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LinkPager page={page} pageCount={pageCount} href={(p) => (p > 1 ? `/notifications?page=${p}` : "/notifications")} label={t("notifications.pager")} />
    </Stack>
  );
}
