import { SIZE_CLASSES } from "~/domain/factors";
import { Anchor, Badge, Button, Group, Table, Text } from "@mantine/core";
import { knownLabel } from "~/i18n/labels";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-ui";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { listOrganisations } from "~/models/organisation.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.organisations", { admin: true });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  return {
    organisations: (await listOrganisations(user)).map((o) => ({
      id: o.id,
      name: o.name,
      businessId: o.businessId,
      sizeClass: o.sizeClass,
      sizeClassManual: o.sizeClassManual,
      computedSizeClass: o.computedSizeClass,
      startup: o.startup,
      foundedYear: o.foundedYear,
      city: o.city,
      memberCount: o.memberCount,
      relationshipCount: o.relationshipCount,
    })),
  };
}

export default function OrganisationsPage() {
  const { organisations } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  const size = (c: string | null) => (c ? knownLabel(t, "size", SIZE_CLASSES, c) : t("size.unknown"));
  return (
    <AdminPage
      title={t("admin.org.title")}
      intro={t("admin.org.intro")}
      back={{ to: "/admin", label: t("admin.title") }}
      actions={
        <Button component={Link} to="/admin/organisations/new">
          {t("admin.org.new")}
        </Button>
      }
    >
      <Table striped highlightOnHover withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("admin.org.name")}</Table.Th>
            <Table.Th>{t("admin.org.businessId")}</Table.Th>
            <Table.Th>{t("admin.org.sizeClass")}</Table.Th>
            <Table.Th>{t("admin.org.foundedYear")}</Table.Th>
            <Table.Th>{t("admin.org.city")}</Table.Th>
            <Table.Th ta="right">{t("admin.org.members")}</Table.Th>
            <Table.Th ta="right">{t("admin.org.relationships")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {organisations.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Anchor component={Link} to={`/admin/organisations/${o.id}`} fw={600}>
                  {o.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{o.businessId ?? "–"}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Text size="sm">{size(o.sizeClass)}</Text>
                  {o.sizeClassManual ? (
                    <Badge size="xs" variant="outline" color="gray" tt="none" title={t("admin.org.computedAs", { size: size(o.computedSizeClass) })}>
                      {t("admin.org.manual")}
                    </Badge>
                  ) : null}
                  {o.startup ? (
                    <Badge size="xs" variant="outline" color="grape" tt="none">
                      {t("startup")}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>{o.foundedYear ?? "–"}</Table.Td>
              <Table.Td>{o.city ?? "–"}</Table.Td>
              <Table.Td ta="right">{number(o.memberCount, 0)}</Table.Td>
              <Table.Td ta="right">{number(o.relationshipCount, 0)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </AdminPage>
  );
}
