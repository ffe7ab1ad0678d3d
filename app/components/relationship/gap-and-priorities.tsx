import { Badge, Box, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { PERCEPTION_GAP_THRESHOLD } from "~/domain/attention";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";
import { QuadrantBadge } from "./factor-matrix";

/** A centred bar: left of the middle when the customer side rates higher, right when the provider does. Decorative; the numbers are in the cells. */
function GapBar({ gap }: { gap: number }) {
  const width = Math.min(Math.abs(gap) / 4, 1) * 50;
  return (
    <Box aria-hidden w={120} h={10} pos="relative" bg="gray.1" style={{ borderRadius: 4, flexShrink: 0 }}>
      <Box
        pos="absolute"
        top={0}
        h={10}
        bg={gap >= 0 ? "indigo.6" : "orange.7"}
        style={{ left: gap >= 0 ? "50%" : `${50 - width}%`, width: `${width}%`, borderRadius: 4 }}
      />
      <Box pos="absolute" top={-2} h={14} w={1} bg="gray.7" style={{ left: "50%" }} />
    </Box>
  );
}

export function PerceptionGap({ data }: { data: Pick<RelationshipPage, "gap" | "header" | "period"> }) {
  const { t, fixed, quarter } = useI18n();
  const { gap, header, period } = data;
  return (
    <Stack gap="xs" component="section" aria-labelledby="gap-heading">
      <Title order={2} size="h3" id="gap-heading">
        {t("rel.gap.title")} {quarter(period)}
      </Title>
      <Text size="sm" c="dimmed">
        {t("rel.gap.intro")}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder verticalSpacing={4} data-testid="perception-gap">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("chain.factor")}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t("rel.viewOf", { organisation: header.provider.name })}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t("rel.viewOf", { organisation: header.customer.name })}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t("rel.gap.col")}
              </Table.Th>
              <Table.Th scope="col">{t("rel.gap.reading")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {gap.map((row) => {
              const large = row.gap !== null && Math.abs(row.gap) >= PERCEPTION_GAP_THRESHOLD - 1e-9;
              const reading =
                row.gap === null
                  ? row.provider !== null || row.customer !== null
                    ? t("rel.gap.oneSide")
                    : "–"
                  : Math.abs(row.gap) < 1e-9
                  ? t("rel.gap.agree")
                  : row.gap > 0
                  ? t("rel.gap.providerHigher")
                  : t("rel.gap.customerHigher");
              return (
                <Table.Tr key={row.factor} data-factor={row.factor}>
                  <Table.Th scope="row" fw={500}>
                    {t(`factor.${row.factor}` as MessageKey)}
                  </Table.Th>
                  <Table.Td ta="right">{fixed(row.provider, 2)}</Table.Td>
                  <Table.Td ta="right">{fixed(row.customer, 2)}</Table.Td>
                  <Table.Td ta="right" fw={600} data-testid="gap-value">
                    {row.gap === null ? "–" : `${row.gap > 0 ? "+" : row.gap < 0 ? "−" : ""}${fixed(Math.abs(row.gap), 2)}`}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {row.gap !== null ? <GapBar gap={row.gap} /> : null}
                      <Text size="sm">{reading}</Text>
                      {large ? (
                        <Badge color="red" variant="light" tt="none">
                          {t("rel.gap.large")}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

export function Priorities({ data }: { data: Pick<RelationshipPage, "priorities" | "period" | "view"> }) {
  const { t, fixed, percent, quarter } = useI18n();
  return (
    <Stack gap="xs" component="section" aria-labelledby="priorities-heading">
      <Title order={2} size="h3" id="priorities-heading">
        {t("rel.priorities.title")} {quarter(data.period)}
      </Title>
      <Text size="sm" c="dimmed">
        {t("rel.priorities.intro")} ({t(`rel.view.${data.view}` as MessageKey)})
      </Text>
      {data.priorities.length === 0 ? (
        <Text size="sm">{t("rel.priorities.empty")}</Text>
      ) : (
        <List type="ordered" spacing={6} data-testid="priorities">
          {data.priorities.map((p) => (
            <List.Item key={p.factor}>
              <Group gap="xs">
                <Text fw={600}>{t(`factor.${p.factor}` as MessageKey)}</Text>
                <Text size="sm" c="dimmed">
                  {t("rel.priorities.item", {
                    priority: fixed(p.priority, 3),
                    weight: percent(p.weight, 1),
                    performance: fixed(p.performance, 2),
                  })}
                </Text>
                <QuadrantBadge quadrant={p.quadrant} />
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
