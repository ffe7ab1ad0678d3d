import { Badge } from "@mantine/core";
import { labelKey } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";

// Filled badges with dark shades: white text on them passes WCAG AA.
const COLOR = { active: "teal.9", published: "gray.7", draft: "indigo.9" } as const;

/** Active, published or draft, in words (the colour is never the only signal). */
export function ModelStatusBadge({ status }: { status: "active" | "published" | "draft" }) {
  const { t } = useI18n();
  return (
    <Badge color={COLOR[status]} variant="filled" data-testid="model-status" style={{ flexShrink: 0, overflow: "visible" }} miw="max-content">
      {t(labelKey("model.status", status))}
    </Badge>
  );
}
