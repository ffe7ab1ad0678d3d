import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";

export type ChainRow = { id: number; name: string; description?: string | null; focalName: string; relationshipCount: number };

/**
 * The list of chains: name (a link to `hrefOf(chain)`, with its description
 * under it when `withDescriptions`), focal company and number of
 * relationships. Staff see the chains visible to them; the administrator
 * sees all of them.
 */
export function ChainsTable({
  chains,
  hrefOf,
  nameHeader,
  withDescriptions = false,
}: {
  chains: ChainRow[];
  hrefOf: (chain: ChainRow) => string;
  nameHeader: string;
  withDescriptions?: boolean;
}) {
  const { t, number } = useI18n();
  return (
    <Table striped highlightOnHover withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{nameHeader}</Table.Th>
          <Table.Th>{t("chains.focal")}</Table.Th>
          <Table.Th ta="right">{t("chains.relationships")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {chains.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component={Link} to={hrefOf(c)} fw={600}>
                {c.name}
              </Anchor>
              {withDescriptions && c.description ? (
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
  );
}
