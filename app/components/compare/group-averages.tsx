import { Table, Text } from "@mantine/core";
import { DECIMALS, groupLabel, type GroupAverage } from "~/domain/compare";
import { FACTORS } from "~/domain/factors";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { useLabel } from "./figures";

/**
 * Mean factor values per group, each with the importance level (1..3) the
 * digiMensa model gives that group, so a reader can check the model's
 * reading against the relationships' actual performance.
 */
export function GroupAveragesTable({ groups, caption, signed = false }: { groups: GroupAverage[]; caption: string; signed?: boolean }) {
  const { t, fixed, number } = useI18n();
  const label = useLabel();
  const show = (v: number | null, d: number) => (v === null ? t("compare.noData") : signed && v > 0 ? `+${fixed(v, d)}` : fixed(v, d));
  return (
    <Table.ScrollContainer minWidth={900} type="native" tabIndex={0} role="region" aria-label={caption}>
      <Table withTableBorder striped fz="sm" verticalSpacing={4}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("portfolio.col.group")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("portfolio.col.count")}
            </Table.Th>
            {FACTORS.map((f) => (
              <Table.Th key={f} scope="col" ta="right">
                {t(`factor.${f}` as MessageKey)}
              </Table.Th>
            ))}
            <Table.Th scope="col" ta="right">
              {t("portfolio.col.meanScore")}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr key={g.value}>
              <Table.Th scope="row">{label(groupLabel(g.dimension, g.value))}</Table.Th>
              <Table.Td ta="right">
                {number(g.count, 0)}
                {g.withData < g.count ? (
                  <Text span size="xs" c="gray.7">
                    {" "}
                    ({t("portfolio.withData", { count: g.withData })})
                  </Text>
                ) : null}
              </Table.Td>
              {FACTORS.map((f) => (
                <Table.Td key={f} ta="right">
                  {show(g.factors[f], DECIMALS.performance)}
                  {g.predicted && g.predicted[f] !== null ? (
                    <Text span size="xs" c="gray.7" title={t("portfolio.predictedHint")}>
                      {" "}
                      ({t("portfolio.predictedShort", { level: g.predicted[f]! })})
                    </Text>
                  ) : null}
                </Table.Td>
              ))}
              <Table.Td ta="right">{g.meanScore === null ? t("compare.noData") : fixed(g.meanScore, DECIMALS.score)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
