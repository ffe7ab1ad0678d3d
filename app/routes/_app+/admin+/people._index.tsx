import { Anchor, Badge, Button, Group, NativeSelect, Table, Text, TextInput } from "@mantine/core";
import { labelKey } from "~/i18n/labels";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-ui";
import { peopleFilterSchema } from "~/forms/admin-people";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requireOrganisationAdminOrPlatformAdmin } from "~/models/admin-access.server";
import { listPeople } from "~/models/people.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.people", { admin: true });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  const filter = peopleFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    isPlatformAdmin: user.isPlatformAdmin,
    filter: { q: filter.q ?? "", status: filter.status ?? "all" },
    people: await listPeople(user, filter),
  };
}

export default function PeoplePage() {
  const { people, filter, isPlatformAdmin } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <AdminPage
      title={t("admin.people.title")}
      intro={isPlatformAdmin ? t("admin.people.introPlatform") : t("admin.people.introOrg")}
      back={{ to: "/admin", label: t("admin.title") }}
      actions={
        <Button component={Link} to="/admin/people/new">
          {t("admin.people.new")}
        </Button>
      }
    >
      <Form method="get" role="search" aria-label={t("admin.people.search")}>
        <Group align="flex-end">
          <TextInput name="q" label={t("admin.people.search")} defaultValue={filter.q} type="search" />
          <NativeSelect
            name="status"
            label={t("admin.people.status")}
            defaultValue={filter.status}
            data={[
              { value: "all", label: t("admin.people.statusAll") },
              { value: "active", label: t("admin.people.active") },
              { value: "disabled", label: t("admin.people.disabled") },
            ]}
          />
          <Button type="submit" variant="default">
            {t("admin.filter")}
          </Button>
        </Group>
      </Form>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t("admin.people.count", { count: people.length })}
      </Text>
      <Table striped highlightOnHover withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("admin.people.name")}</Table.Th>
            <Table.Th>{t("admin.people.email")}</Table.Th>
            <Table.Th>{t("admin.people.memberships")}</Table.Th>
            <Table.Th>{t("admin.people.status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} to={`/admin/people/${p.id}`} fw={600}>
                  {p.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{p.email}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {p.isPlatformAdmin ? (
                    <Badge size="sm" variant="filled" color="teal" tt="none">
                      {t("home.platformAdmin")}
                    </Badge>
                  ) : null}
                  {p.memberships.map((m) => (
                    <Badge key={m.organisationId} size="sm" variant="light" tt="none">
                      {m.organisationName} · {t(labelKey("role", m.role))}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                {p.disabled ? (
                  <Badge color="red" variant="light" tt="none">
                    {t("admin.people.disabled")}
                  </Badge>
                ) : (
                  <Badge color="teal" variant="outline" tt="none">
                    {t("admin.people.active")}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </AdminPage>
  );
}
