import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { ImportanceCell, RelationshipPage } from "~/models/relationship.server";

/** An importance level that opens to the source statement behind it (native <details>: no JavaScript needed). */
function LevelCell({ cell }: { cell: ImportanceCell }) {
  const { t } = useI18n();
  return (
    <details className="score-explain" data-testid="importance-cell">
      <summary>
        <Text span fw={600}>
          {cell.level}
        </Text>{" "}
        <Text span size="xs" c="dimmed">
          {t(`rel.matrix.level.${cell.level}` as MessageKey)}
        </Text>
      </summary>
      <Text size="xs" maw={260}>
        <Text span size="xs" fw={600}>
          {t("rel.matrix.source")}:
        </Text>{" "}
        {cell.source}
      </Text>
    </details>
  );
}

const QUADRANT_COLOR: Record<string, string> = { concentrate: "red", keep_up: "teal", low_priority: "gray", overkill: "yellow" };

/** The quadrant in words, with a coloured dot (the colour is never the only signal). */
export function QuadrantBadge({ quadrant }: { quadrant: string | null }) {
  const { t } = useI18n();
  if (!quadrant) return <>–</>;
  return (
    <Badge
      variant="dot"
      color={QUADRANT_COLOR[quadrant]}
      tt="none"
      c="dark.7"
      size="md"
      styles={{ root: { height: "auto", minHeight: 22, whiteSpace: "nowrap" }, label: { overflow: "visible" } }}
    >
      {t(`quadrant.${quadrant}` as MessageKey)}
    </Badge>
  );
}

/** Rows: the six factors. Columns: importance by size, maturity and diversity, combined importance, weight, each side's performance, the scored performance and the quadrant. */
export function FactorMatrix({ data }: { data: Pick<RelationshipPage, "matrix" | "context" | "header" | "period" | "view" | "score"> }) {
  const { t, fixed, percent, quarter } = useI18n();
  const { matrix, context, header, period, view, score } = data;
  const viewLabel = t(`rel.view.${view}` as MessageKey);
  return (
    <Stack gap="xs" component="section" aria-labelledby="matrix-heading">
      <Title order={2} size="h3" id="matrix-heading">
        {t("rel.matrix.title", { period: quarter(period) })}
      </Title>
      <Text size="sm" c="dimmed">
        {t("rel.matrix.caption")}
      </Text>
      <Table.ScrollContainer minWidth={900}>
        <Table withTableBorder withColumnBorders verticalSpacing={6} data-testid="factor-matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" rowSpan={2}>
                {t("chain.factor")}
              </Table.Th>
              <Table.Th scope="colgroup" colSpan={4} ta="center">
                {t("rel.matrix.importanceGroup")}
              </Table.Th>
              <Table.Th scope="col" rowSpan={2} ta="right">
                {t("chain.weight")}
              </Table.Th>
              <Table.Th scope="colgroup" colSpan={3} ta="center">
                {t("rel.matrix.performanceGroup")}
              </Table.Th>
              <Table.Th scope="col" rowSpan={2}>
                {t("chain.quadrant")}
              </Table.Th>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="col">{t("rel.matrix.size", { value: t(`size.${context.sizeClass}` as MessageKey) })}</Table.Th>
              <Table.Th scope="col">{t("rel.matrix.maturity", { value: t(`maturity.${context.maturity}` as MessageKey) })}</Table.Th>
              <Table.Th scope="col">{t("rel.matrix.diversity", { value: t(`diversity.${context.diversity}` as MessageKey) })}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t("rel.matrix.combined")}
              </Table.Th>
              <Table.Th scope="col" ta="right" title={header.provider.name}>
                {t("rel.sideName.provider")}
              </Table.Th>
              <Table.Th scope="col" ta="right" title={header.customer.name}>
                {t("rel.sideName.customer")}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t("rel.matrix.scored", { view: viewLabel })}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {matrix.map((row) => (
              <Table.Tr key={row.factor} data-factor={row.factor}>
                <Table.Th scope="row" fw={500}>
                  {t(`factor.${row.factor}` as MessageKey)}
                </Table.Th>
                <Table.Td>
                  <LevelCell cell={row.size} />
                </Table.Td>
                <Table.Td>
                  <LevelCell cell={row.maturity} />
                </Table.Td>
                <Table.Td>
                  <LevelCell cell={row.diversity} />
                </Table.Td>
                <Table.Td ta="right">{fixed(row.importance, 2)}</Table.Td>
                <Table.Td ta="right">{row.performance === null ? "–" : percent(row.weight, 1)}</Table.Td>
                <Table.Td ta="right">{fixed(row.providerPerformance, 2)}</Table.Td>
                <Table.Td ta="right">{fixed(row.customerPerformance, 2)}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {fixed(row.performance, 2)}
                </Table.Td>
                <Table.Td>
                  <QuadrantBadge quadrant={row.quadrant} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {score.value === null ? `${t("rel.matrix.noPerformance")} · ` : ""}
        {t("rel.matrix.weightNote")} {t("chain.modelVersion", { version: score.modelVersion })}.
      </Text>
    </Stack>
  );
}
