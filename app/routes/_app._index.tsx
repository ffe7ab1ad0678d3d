import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { AttentionList } from "~/components/relationship/attention";
import { ScoreLink } from "~/components/score-link";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { listVisibleChains } from "~/models/chain.server";
import { getHome } from "~/models/home.server";

export const meta: MetaFunction = () => [{ title: "Service chain portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    memberships: user.memberships.map((m) => ({ organisationName: m.organisationName, role: m.role })),
    chains: listVisibleChains(user).map((c) => ({
      id: c.id,
      name: c.name,
      focalName: c.focalName,
      relationshipCount: c.relationshipCount,
    })),
    home: firstOfEach(getHome(user)),
  };
}

/** Lists on the home page stop at this many rows; the chain view and compare hold the rest. */
const HOME_LIST_LIMIT = 15;

/**
 * A company with hundreds of relationships would otherwise get a page of
 * hundreds of rows (and ship them all in the loader data): keep the most
 * urgent first, and say how many more there are.
 */
function firstOfEach(home: ReturnType<typeof getHome>) {
  const flagged = home.relationships.filter((r) => r.attention.length > 0);
  return {
    ...home,
    due: home.due.slice(0, HOME_LIST_LIMIT),
    drafts: home.drafts.slice(0, HOME_LIST_LIMIT),
    // The table shows each score as a link to its explanation: only the number and quarter travel.
    relationships: home.relationships
      .slice(0, HOME_LIST_LIMIT)
      .map((r) => ({ ...r, score: r.score && { value: r.score.value, period: r.score.period } })),
    flagged: flagged.slice(0, HOME_LIST_LIMIT).map(({ score: _score, ...r }) => r),
    more: {
      due: Math.max(0, home.due.length - HOME_LIST_LIMIT),
      drafts: Math.max(0, home.drafts.length - HOME_LIST_LIMIT),
      relationships: Math.max(0, home.relationships.length - HOME_LIST_LIMIT),
      flagged: Math.max(0, flagged.length - HOME_LIST_LIMIT),
    },
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { t, number, quarter, date } = useI18n();
  const { home } = data;
  const { flagged, more } = home;
  const label = (r: { providerName: string; customerName: string }) =>
    t("rel.title", { provider: r.providerName, customer: r.customerName });
  return (
    <ContrastScope>
      <Stack gap="xl">
        <div>
          <Title order={1}>{t("home.title", { name: data.name })}</Title>
          <Text c="dimmed">{t("app.tagline")}</Text>
          <Group gap="xs" mt="xs">
            {data.memberships.map((m) => (
              <Badge key={m.organisationName} variant="light" size="lg" tt="none">
                {m.organisationName} · {t(`role.${m.role}` as MessageKey)}
              </Badge>
            ))}
            <Badge variant="outline" size="lg" tt="none" color="gray">
              {t("dash.quarter", { period: quarter(home.currentQuarter) })}
            </Badge>
          </Group>
        </div>

        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Card withBorder padding="md" component="section" aria-labelledby="due-heading" data-testid="due">
            <Title order={2} size="h4" id="due-heading">
              {t("dash.due")}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t("dash.dueIntro", { period: quarter(home.currentQuarter) })}
            </Text>
            {home.due.length === 0 ? (
              <Text size="sm">{t("dash.dueNone")}</Text>
            ) : (
              <List size="sm" spacing={4}>
                {home.due.map((d) => (
                  <List.Item key={d.relationshipId}>
                    <Anchor component={Link} to={`/relationships/${d.relationshipId}/assess?period=${d.period}`}>
                      {t("dash.assess", { name: d.counterpartName })}
                    </Anchor>
                    <Text span size="xs" c="dimmed">
                      {" "}
                      · {d.serviceName}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
            <MoreRows count={more.due} />
          </Card>
          <Card withBorder padding="md" component="section" aria-labelledby="drafts-heading" data-testid="drafts">
            <Title order={2} size="h4" id="drafts-heading" mb="xs">
              {t("dash.drafts")}
            </Title>
            {home.drafts.length === 0 ? (
              <Text size="sm">{t("dash.draftsNone")}</Text>
            ) : (
              <List size="sm" spacing={4}>
                {home.drafts.map((d) => (
                  <List.Item key={d.assessmentId}>
                    <Anchor component={Link} to={`/relationships/${d.relationshipId}/assess?period=${d.period}`}>
                      {t("dash.draftItem", { name: d.counterpartName, period: quarter(d.period) })}
                    </Anchor>
                    <Text span size="xs" c="dimmed">
                      {" "}
                      · {t("dash.draftSaved", { date: date(d.updatedAt) })}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
            <MoreRows count={more.drafts} />
          </Card>
        </SimpleGrid>

        <Stack gap="xs" component="section" aria-labelledby="attention-heading" data-testid="needs-attention">
          <Title order={2} size="h3" id="attention-heading">
            {t("dash.attention")}
          </Title>
          {flagged.length === 0 ? (
            <Text size="sm">{t("dash.attentionNone")}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {flagged.map((r) => (
                <Card key={r.id} withBorder padding="sm">
                  <Anchor component={Link} to={`/relationships/${r.id}`} fw={600}>
                    {label(r)}
                  </Anchor>
                  <Text size="xs" c="dimmed" mb={4}>
                    {r.serviceName}
                  </Text>
                  <AttentionList reasons={r.attention} />
                </Card>
              ))}
            </SimpleGrid>
          )}
          <MoreRows count={more.flagged} />
        </Stack>

        <Stack gap="xs" component="section" aria-labelledby="mine-heading">
          <Title order={2} size="h3" id="mine-heading">
            {t("dash.myRelationships")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("dash.myRelationshipsIntro")} {t("score.version", { version: home.modelVersion })}.
          </Text>
          {home.relationships.length === 0 ? (
            <Text size="sm">{t("dash.noRelationships")}</Text>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table withTableBorder verticalSpacing={6} data-testid="my-relationships">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("dash.relationship")}</Table.Th>
                    <Table.Th scope="col">{t("dash.stage")}</Table.Th>
                    <Table.Th scope="col">{t("dash.score")}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t("dash.priority")}
                    </Table.Th>
                    <Table.Th scope="col">{t("dash.flags")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {home.relationships.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/relationships/${r.id}`} fw={500}>
                          {label(r)}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {r.serviceName} · {t(`criticality.${r.criticality}` as MessageKey)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{t(`stage.${r.stage}` as MessageKey)}</Table.Td>
                      <Table.Td>
                        <ScoreLink relationshipId={r.id} score={r.score} />
                      </Table.Td>
                      <Table.Td ta="right">{number(r.attentionPriority, 1)}</Table.Td>
                      <Table.Td>
                        {r.attention.length > 0 ? (
                          <Badge color="orange" variant="light" tt="none">
                            {t("dash.flagged")}
                          </Badge>
                        ) : (
                          "–"
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {home.relationships.length > 0 && (
            <MoreRows count={more.relationships} />
          )}
        </Stack>

        <Stack gap="xs" component="section" aria-labelledby="chains-heading">
          <Title order={2} size="h4" id="chains-heading">
            {t("nav.chains")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("home.chainsIntro")}
          </Text>
          {data.chains.length === 0 ? (
            <Text>{t("chains.empty")}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {data.chains.map((c) => (
                <Card key={c.id} withBorder>
                  <Anchor component={Link} to={`/chains/${c.id}`} fw={600}>
                    {c.name}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {t("chains.focal")}: {c.focalName} · {t("chains.relationshipCount", { count: c.relationshipCount })}
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
          )}
        </Stack>
      </Stack>
    </ContrastScope>
  );
}

/** "N more" under a shortened list, pointing to the full views. */
function MoreRows({ count }: { count: number }) {
  const { t } = useI18n();
  if (count === 0) return null;
  return (
    <Text size="sm" c="dimmed" mt={4}>
      {t("dash.more", { count })}{" "}
      <Anchor component={Link} to="/chains">
        {t("nav.chains")}
      </Anchor>
    </Text>
  );
}
