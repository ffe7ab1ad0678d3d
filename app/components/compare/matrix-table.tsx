import { Badge, Stack, Table, Text } from "@mantine/core";
import { groupLabel, type CompareSide, type ComparisonTable, type TableCell } from "~/domain/compare";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { Delta, TONE_BACKGROUND, useLabel, useSigned } from "./figures";

function FigureCell({ cell, previous, rowKind }: { cell: Extract<TableCell, { kind: "figure" }>; previous: string | null; rowKind: string }) {
  const { t, fixed } = useI18n();
  const signed = useSigned();
  if (cell.value === null) {
    return (
      <Table.Td className="compare-cell" style={{ background: TONE_BACKGROUND.none }} data-tone="none">
        <Text size="sm" c="gray.7" fs="italic">
          {t("compare.noData")}
        </Text>
      </Table.Td>
    );
  }
  const tone = cell.tone ?? "none";
  return (
    <Table.Td
      className="compare-cell"
      style={{ background: rowKind === "factor" || cell.tone ? TONE_BACKGROUND[tone] : undefined }}
      data-tone={tone}
      data-value={cell.value}
    >
      <Stack gap={0}>
        <Text fw={700} size={rowKind === "factor" ? "lg" : "md"} data-testid="cell-value">
          {cell.signed ? signed(cell.value, cell.decimals) : fixed(cell.value, cell.decimals)}
        </Text>
        {cell.weightPercent !== undefined && cell.weightPercent !== null ? (
          <Text size="xs" c="gray.8">
            {t("compare.weight", { weight: fixed(cell.weightPercent, 1) })}
          </Text>
        ) : null}
        <Delta value={cell.delta} decimals={cell.decimals} previous={previous} />
      </Stack>
    </Table.Td>
  );
}

/** The matrices side by side: factors as rows, partners as columns, then score, attention and context. */
export function MatrixTable({ table, side, quarter, previous }: { table: ComparisonTable; side: CompareSide; quarter: string | null; previous: string | null }) {
  const { t, quarter: fq } = useI18n();
  const label = useLabel();
  const caption = quarter
    ? t("compare.matrixCaption", { quarter: fq(quarter), side: t(`compare.side.${side}` as MessageKey) })
    : t("compare.noQuarter");
  return (
    <Table.ScrollContainer minWidth={320 + table.partners.length * 150} type="native" tabIndex={0} role="region" aria-label={caption}>
      <Table withTableBorder withColumnBorders className="compare-matrix" data-testid="compare-matrix" verticalSpacing={6}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          {table.group && table.groups.length ? (
            <Table.Tr>
              <Table.Td />
              {table.groups.map((g, i) => (
                <Table.Th key={`${g.value}-${i}`} colSpan={g.span} scope="colgroup" ta="center" bg="gray.1">
                  {label(groupLabel(table.group!, g.value))}
                </Table.Th>
              ))}
            </Table.Tr>
          ) : null}
          <Table.Tr>
            <Table.Th scope="col" w={200}>
              {t("compare.col.factor")}
            </Table.Th>
            {table.partners.map((p) => (
              <Table.Th key={p.id} scope="col" miw={140} data-testid="partner-header">
                <Text fw={700} size="sm">
                  {p.name}
                </Text>
                <Text size="xs" c="gray.7" fw={400}>
                  {p.serviceName}
                </Text>
                <Badge size="xs" variant="outline" color="gray.8" mt={2}>
                  {t(`compare.role.${p.role}` as MessageKey)}
                </Badge>
                {!p.hasData ? (
                  <Badge size="xs" variant="light" color="gray.8" mt={2} ml={4}>
                    {t("compare.noData")}
                  </Badge>
                ) : null}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((row) => (
            <Table.Tr key={row.key} data-row={row.key} className={row.kind === "context" ? "compare-context-row" : undefined}>
              <Table.Th scope="row" fw={row.kind === "factor" ? 500 : 700}>
                {label(row.label)}
              </Table.Th>
              {row.cells.map((cell, i) =>
                cell.kind === "figure" ? (
                  <FigureCell key={table.partners[i].id} cell={cell} previous={previous} rowKind={row.kind} />
                ) : (
                  <Table.Td key={table.partners[i].id}>
                    <Text size="sm">{cell.labels.map(label).join(", ")}</Text>
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What the cell colours mean, in words. */
export function ToneLegend({ side }: { side: CompareSide }) {
  const { t } = useI18n();
  const tones = side === "gap" ? (["provider_higher", "aligned", "customer_higher"] as const) : (["strong", "good", "fair", "weak", "poor"] as const);
  return (
    <Text size="xs" component="div" className="compare-legend">
      <span>{t("compare.legend")}: </span>
      {tones.map((tone) => (
        <span key={tone} className="compare-legend-item" style={{ background: TONE_BACKGROUND[tone] }}>
          {t(`compare.tone.${tone}` as MessageKey)} ({t(`compare.toneRange.${tone}` as MessageKey)})
        </span>
      ))}
      <span className="compare-legend-item" style={{ background: TONE_BACKGROUND.none }}>
        {t("compare.noData")}
      </span>
    </Text>
  );
}
