import { Anchor, Badge, Breadcrumbs, Group, Stack, Text, Title } from "@mantine/core";
import { labelKey } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipHeader } from "~/models/relationship-header.server";

/** Breadcrumbs and the h1 of a relationship page; `title` replaces the parties as the h1 on sub-pages. */
export function RelationshipTitle({ header, title }: { header: RelationshipHeader; title?: string }) {
  const { t } = useI18n();
  const parties = t("rel.title", { provider: header.provider.name, customer: header.customer.name });
  return (
    <Stack gap={4}>
      <nav aria-label={t("rel.breadcrumbNav")}>
        <Breadcrumbs separator="›">
          <Anchor component={Link} to={`/chains/${header.chain.id}`} size="sm">
            {header.chain.name}
          </Anchor>
          {title ? (
            <Anchor component={Link} to={`/relationships/${header.id}`} size="sm">
              {parties}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              {t("rel.breadcrumb")}
            </Text>
          )}
        </Breadcrumbs>
      </nav>
      <Group gap="sm" align="center">
        <Title order={1}>{title ?? parties}</Title>
        {title ? null : (
          <Badge variant="light" size="lg" tt="none" color="teal">
            {t(labelKey("stage", header.stage))}
          </Badge>
        )}
      </Group>
      <Text c="dimmed">{title ? `${parties} · ${header.serviceName}` : header.serviceName}</Text>
    </Stack>
  );
}
