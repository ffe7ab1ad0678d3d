import { Anchor, Badge, Box, Card, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" fw={500} component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

/** The context the importance model reads: size, start-up, maturity, diversity; plus criticality and the reference flag. */
export function ContextPanel({ data }: { data: Pick<RelationshipPage, "header" | "context"> }) {
  const { t, date } = useI18n();
  const { header, context } = data;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="context-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="context-heading">
          {t("rel.context.title")}
        </Title>
        <Box component="dl" m={0} style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(200px, 1fr))", gap: "0.75rem" }}>
          <Fact label={t("rel.context.size")}>
            {header.provider.name}: {t(`size.${context.sizeClass}` as MessageKey)}
            {context.sizeClassAssumed ? (
              <Text size="xs" c="dimmed" component="span" display="block">
                {t("rel.context.sizeAssumed")}
              </Text>
            ) : null}
          </Fact>
          <Fact label={t("rel.context.startup")}>
            {context.startup ? (
              <Badge variant="light" color="grape" tt="none">
                {t("startup")}
              </Badge>
            ) : (
              t("rel.context.notStartup")
            )}
          </Fact>
          <Fact label={t("rel.context.maturity")}>
            {t(`maturity.${context.maturity}` as MessageKey)}
            <Text size="xs" c="dimmed" component="span" display="block">
              {context.maturityOverridden
                ? t("rel.context.maturityOverridden", { derived: t(`maturity.${context.derivedMaturity}` as MessageKey) })
                : t("rel.context.maturityDerived", { date: date(header.startDate) })}
            </Text>
            {context.maturityOverridden && context.maturityOverrideNote ? (
              <Text size="xs" component="span" display="block" fs="italic">
                “{context.maturityOverrideNote}”
              </Text>
            ) : null}
          </Fact>
          <Fact label={t("rel.context.diversity")}>{t(`diversity.${context.diversity}` as MessageKey)}</Fact>
          <Fact label={t("rel.context.criticality")}>{t(`criticality.${context.criticality}` as MessageKey)}</Fact>
          <Fact label={t("rel.context.reference")}>{context.referenceCustomer ? t("rel.context.yes") : t("rel.context.no")}</Fact>
          <Fact label={t("rel.context.started")}>{date(header.startDate)}</Fact>
          <Fact label={t("rel.context.chain")}>
            <Anchor component={Link} to={`/chains/${header.chain.id}`} size="sm">
              {header.chain.name}
            </Anchor>
          </Fact>
        </Box>
        {header.canWrite ? (
          <Group>
            <Anchor component={Link} to={`/relationships/${header.id}/context`} size="sm">
              {t("rel.context.change")}
            </Anchor>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}
