import { Anchor, Badge, Card, Grid, Group, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth.server";
import { ScoreWithExplanation } from "~/components/score-explanation";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { getChainView, type ChainRelationshipView } from "~/models/chain.server";
import { notFound } from "~/models/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.chain.name} · Service chain portal` : "Service chain portal" },
];

const paramsSchema = z.object({ chainId: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) notFound();
  return { chain: getChainView(user, parsed.data.chainId) };
}

const STAGE_COLOR: Record<string, string> = {
  suspect: "gray",
  prospect: "indigo",
  new: "cyan",
  active: "teal",
  passivating: "orange",
  passive: "yellow",
  ended: "dark",
};

function RelationshipCard({ rel, counterpart }: { rel: ChainRelationshipView; counterpart: "provider" | "customer" }) {
  const { t, date } = useI18n();
  const party = rel[counterpart];
  return (
    <Card withBorder padding="sm" data-testid="relationship-card" aria-label={`${rel.provider.name} → ${rel.customer.name}`}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/relationships/${rel.id}`} fw={600} display="block">
              {party.name}
            </Anchor>
            <Text size="sm" c="dimmed">
              {rel.serviceName}
            </Text>
          </div>
          <Badge color={STAGE_COLOR[rel.stage]} variant="light" title={t("chain.stage")} style={{ flexShrink: 0, overflow: "visible" }}>
            {t(`stage.${rel.stage}` as MessageKey)}
          </Badge>
        </Group>
        <Group gap={4}>
          <Badge size="xs" variant="outline" color="gray">
            {rel.provider.sizeClass ? t(`size.${rel.provider.sizeClass}` as MessageKey) : t("size.unknown")}
          </Badge>
          {rel.provider.startup ? (
            <Badge size="xs" variant="outline" color="grape">
              {t("startup")}
            </Badge>
          ) : null}
          <Badge size="xs" variant="outline" color="gray">
            {t(`maturity.${rel.maturity}` as MessageKey)}
          </Badge>
          <Badge size="xs" variant="outline" color="gray">
            {t(`diversity.${rel.diversity}` as MessageKey)}
          </Badge>
          <Badge size="xs" variant="outline" color={rel.criticality === "critical" || rel.criticality === "high" ? "red" : "gray"}>
            {t(`criticality.${rel.criticality}` as MessageKey)}
          </Badge>
          {rel.referenceCustomer ? (
            <Badge size="xs" variant="outline" color="blue">
              {t("reference")}
            </Badge>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          {t("chain.since", { date: date(rel.startDate) })}
        </Text>
        <ScoreWithExplanation score={rel.score} />
      </Stack>
    </Card>
  );
}

function Column({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <Stack gap="sm" data-testid={testId}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export default function ChainPage() {
  const { chain } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const empty = (
    <Text size="sm" c="dimmed">
      {t("chain.noVisible")}
    </Text>
  );
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{chain.name}</Title>
        <Text component="a" href={`/chains/${chain.id}/portfolio`} size="sm" c="teal.9" td="underline" className="no-print">{t("portfolio.open")}</Text>
        {chain.description ? <Text c="dimmed">{chain.description}</Text> : null}
        <Text size="sm" c="dimmed" mt={4}>
          {t("chain.flow")} · {t("chain.legend")}
        </Text>
      </div>
      <Grid gutter="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Column title={t("chain.suppliers")} testId="chain-suppliers">
            {chain.upstream.length ? chain.upstream.map((r) => <RelationshipCard key={r.id} rel={r} counterpart="provider" />) : empty}
          </Column>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 2 }}>
          <Column title={t("chain.company")} testId="chain-company">
            <Card withBorder padding="md" bg="teal.0" data-testid="focal-company">
              <Text fw={700} style={{ overflowWrap: "anywhere" }}>
                {chain.focal.name}
              </Text>
            </Card>
          </Column>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Column title={t("chain.customers")} testId="chain-customers">
            {chain.downstream.length ? chain.downstream.map((r) => <RelationshipCard key={r.id} rel={r} counterpart="customer" />) : empty}
          </Column>
        </Grid.Col>
      </Grid>
      {chain.other.length ? (
        <Column title={t("chain.other")} testId="chain-other">
          {chain.other.map((r) => (
            <RelationshipCard key={r.id} rel={r} counterpart="provider" />
          ))}
        </Column>
      ) : null}
    </Stack>
  );
}
