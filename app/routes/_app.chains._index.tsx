import { Anchor, Stack, Table, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { useI18n } from "~/i18n/use-i18n";
import { listVisibleChains } from "~/models/chain.server";

export const meta: MetaFunction = () => [{ title: "Chains · Service chain portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { chains: listVisibleChains(user) };
}

export default function ChainsPage() {
  const { chains } = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  return (
    <Stack>
      <Title order={1}>{t("chains.title")}</Title>
      <Text c="dimmed">{t("chains.intro")}</Text>
      {chains.length === 0 ? (
        <Text>{t("chains.empty")}</Text>
      ) : (
        <Table striped highlightOnHover withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("chains.name")}</Table.Th>
              <Table.Th>{t("chains.focal")}</Table.Th>
              <Table.Th ta="right">{t("chains.relationships")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {chains.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/chains/${c.id}`} fw={600}>
                    {c.name}
                  </Anchor>
                  {c.description ? (
                    <Text size="sm" c="dimmed">
                      {c.description}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{c.focalName}</Table.Td>
                <Table.Td ta="right">{number(c.relationshipCount, 0)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
