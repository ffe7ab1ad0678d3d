import { Button, Group, type GroupProps } from "@mantine/core";
import { useI18n } from "~/i18n/use-i18n";

/** CSV and Excel downloads of the view, and print: the compare and portfolio pages' toolbar. */
export function ExportButtons({ exportHref, ...group }: GroupProps & { exportHref: (format: "csv" | "xlsx") => string }) {
  const { t } = useI18n();
  return (
    <Group gap="xs" {...group}>
      <Button component="a" href={exportHref("csv")} download variant="default" size="compact-sm">
        {t("compare.export.csv")}
      </Button>
      <Button component="a" href={exportHref("xlsx")} download variant="default" size="compact-sm">
        {t("compare.export.xlsx")}
      </Button>
      <Button variant="default" size="compact-sm" onClick={() => window.print()}>
        {t("compare.print")}
      </Button>
    </Group>
  );
}
