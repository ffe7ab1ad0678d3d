import { Anchor, Button, Table, Text } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-ui";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { listChainsForAdmin } from "~/models/admin-chains.server";

export const meta: MetaFunction = () => [{ title: "Chains · Administration" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  return { chains: listChainsForAdmin(user) };
}

export default function AdminChainsPage() {
  const { chains } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  return (
    <AdminPage
      title={t("admin.chains.title")}
      intro={t("admin.chains.intro")}
      back={{ to: "/admin", label: t("admin.title") }}
      actions={
        <Button component={Link} to="/admin/chains/new">
          {t("admin.chains.new")}
        </Button>
      }
    >
      {chains.length === 0 ? (
        <Text>{t("admin.chains.empty")}</Text>
      ) : (
        <Table striped highlightOnHover withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("admin.chains.name")}</Table.Th>
              <Table.Th>{t("admin.chains.focal")}</Table.Th>
              <Table.Th ta="right">{t("admin.chains.relationships")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {chains.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/chains/${c.id}`} fw={600}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.focalName}</Table.Td>
                <Table.Td ta="right">{number(c.relationshipCount, 0)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </AdminPage>
  );
}
