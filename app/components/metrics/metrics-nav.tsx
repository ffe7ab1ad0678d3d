import { Button, Group } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";

type Section = "dashboard" | "catalogue" | "record" | "import" | "sharing" | "tokens" | "kpi";

const SECTIONS: Array<{ id: Section; to: string; label: MessageKey; adminOnly?: boolean }> = [
  { id: "dashboard", to: "/metrics", label: "metrics.nav.dashboard" },
  { id: "record", to: "/metrics/record", label: "metrics.nav.record" },
  { id: "import", to: "/metrics/import", label: "metrics.nav.import" },
  { id: "kpi", to: "/metrics/kpi", label: "metrics.nav.kpi" },
  { id: "catalogue", to: "/metrics/catalogue", label: "metrics.nav.catalogue" },
  { id: "sharing", to: "/sharing", label: "metrics.nav.sharing" },
  { id: "tokens", to: "/settings/api-tokens", label: "metrics.nav.tokens", adminOnly: true },
];

/** The metrics area's own navigation: plain links, so it works without JavaScript. */
export function MetricsNav({ current, isOrgAdmin }: { current: Section; isOrgAdmin: boolean }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("metrics.nav.label")}>
      <Group gap="xs" wrap="wrap">
        {SECTIONS.filter((s) => !s.adminOnly || isOrgAdmin).map((s) => (
          <Button
            key={s.id}
            component={Link}
            to={s.to}
            size="compact-sm"
            variant={s.id === current ? "filled" : "default"}
            aria-current={s.id === current ? "page" : undefined}
          >
            {t(s.label)}
          </Button>
        ))}
      </Group>
    </nav>
  );
}
