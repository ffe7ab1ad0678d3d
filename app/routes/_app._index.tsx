import { CRITICALITIES } from "~/domain/factors";
import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { ActionRequiredText, AttentionList, AttentionTags } from "~/components/relationship/attention";
import { ScoreBandLegend } from "~/components/score-band";
import { ScoreLink } from "~/components/score-link";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { listVisibleChains } from "~/models/chain.server";
import { getHome } from "~/models/home.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.home");

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
  // Those that require an action first: they ask for something to be done now.
  const flagged = home.relationships
    .filter((r) => r.attention.length > 0)
    .sort((a, b) => Number(b.actionRequired !== null) - Number(a.actionRequired !== null));
  return {
    ...home,
    due: home.due.slice(0, HOME_LIST_LIMIT),
    drafts: home.drafts.slice(0, HOME_LIST_LIMIT),
    actions: home.actions.slice(0, HOME_LIST_LIMIT),
    overdueActions: home.actions.filter((a) => a.overdue).length,
    actionRequiredCount: home.relationships.filter((r) => r.actionRequired !== null).length,
    // The table shows each score as a link to its explanation: only the number, quarter and band travel.
    relationships: home.relationships
      .slice(0, HOME_LIST_LIMIT)
      .map((r) => ({ ...r, score: r.score && { value: r.score.value, period: r.score.period, band: r.score.band } })),
    flagged: flagged.slice(0, HOME_LIST_LIMIT).map(({ score: _score, ...r }) => r),
    more: {
      due: Math.max(0, home.due.length - HOME_LIST_LIMIT),
      drafts: Math.max(0, home.drafts.length - HOME_LIST_LIMIT),
      actions: Math.max(0, home.actions.length - HOME_LIST_LIMIT),
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
  const label = (r: { providerName: string; customerName: string }) => t("rel.title", { provider: r.providerName, customer: r.customerName });
  return (
    <ContrastScope>
      <Stack gap="xl">
        <div>
          <Title order={1}>{t("home.title", { name: data.name })}</Title>
          <Text c="dimmed">{t("app.tagline")}</Text>
          <Group gap="xs" mt="xs">
            {data.memberships.map((m) => (
              <Badge key={m.organisationName} variant="light" size="lg" tt="none">
                {m.organisationName} · {t(labelKey("role", m.role))}
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
              {home.due.length > 0 && home.due.every((d) => d.readOnly)
                ? t("dash.dueReadOnlyIntro", { period: quarter(home.currentQuarter) })
                : t("dash.dueIntro", { period: quarter(home.currentQuarter) })}
            </Text>
            {home.due.length === 0 ? (
              <Text size="sm">{t("dash.dueNone")}</Text>
            ) : (
              <List size="sm" spacing={4}>
                {home.due.map((d) => (
                  <List.Item key={d.relationshipId} data-testid="due-item" data-read-only={d.readOnly ? "true" : undefined}>
                    {d.readOnly ? (
                      <>
                        <Anchor component={Link} to={`/relationships/${d.relationshipId}`}>
                          {d.counterpartName}
                        </Anchor>{" "}
                        <Badge variant="outline" color="gray.8" size="sm" tt="none">
                          {t("dash.readOnly")}
                        </Badge>
                      </>
                    ) : (
                      <Anchor component={Link} to={`/relationships/${d.relationshipId}/assess?period=${d.period}`}>
                        {d.draft ? t("dash.continueDraft", { name: d.counterpartName }) : t("dash.assess", { name: d.counterpartName })}
                      </Anchor>
                    )}
                    <Text span size="xs" c="dimmed">
                      {" "}
                      · {d.serviceName}
                      {d.draft ? ` · ${t("dash.draftSaved", { date: date(d.draft.updatedAt) })}` : ""}
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
          {home.actionRequiredCount > 0 ? (
            <Text size="sm" fw={600} data-testid="action-required-count">
              {t("dash.actionRequiredCount", { count: home.actionRequiredCount })}
            </Text>
          ) : null}
          {flagged.length === 0 ? (
            <Text size="sm">{t("dash.attentionNone")}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {flagged.map((r) => (
                <Card key={r.id} withBorder padding="sm" data-testid="attention-card" data-relationship={r.id}>
                  <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
                    <Anchor component={Link} to={`/relationships/${r.id}`} fw={600}>
                      {label(r)}
                    </Anchor>
                    {r.actionRequired ? (
                      <span className="status-tag required" data-testid="action-required">
                        {t("actionRequired.badge")}
                      </span>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed" mb={4}>
                    {r.serviceName}
                  </Text>
                  <AttentionList reasons={r.attention} />
                  {r.actionRequired ? <ActionRequiredText relationshipId={r.id} required={r.actionRequired} canWrite={r.canWrite} compact /> : null}
                </Card>
              ))}
            </SimpleGrid>
          )}
          <MoreRows count={more.flagged} />
        </Stack>

        <Stack gap="xs" component="section" aria-labelledby="actions-heading" data-testid="my-actions">
          <Title order={2} size="h3" id="actions-heading">
            {t("dash.actions")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("dash.actionsIntro")}
          </Text>
          {home.overdueActions > 0 ? (
            <Text size="sm" fw={600} c="red.9" data-testid="overdue-count">
              {t("dash.actionsOverdue", { count: home.overdueActions })}
            </Text>
          ) : null}
          {home.actions.length === 0 ? (
            <Text size="sm">{t("dash.actionsNone")}</Text>
          ) : (
            <List size="sm" spacing={6}>
              {home.actions.map((a) => (
                <List.Item key={a.id} data-testid="my-action" data-overdue={a.overdue ? "true" : undefined}>
                  <Anchor component={Link} to={`/relationships/${a.relationshipId}#actions-heading`} fw={500}>
                    {a.title}
                  </Anchor>{" "}
                  {a.overdue ? (
                    <span className="status-tag overdue" data-testid="overdue">
                      {t("action.overdue")}
                    </span>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {label(a)} · {t(labelKey("actionStatus", a.status))}
                    {a.factor ? ` · ${t(labelKey("factor", a.factor))}` : ""} ·{" "}
                    {a.dueDate ? t("dash.actionDue", { date: date(a.dueDate) }) : t("dash.actionNoDue")} ·{" "}
                    {a.mine ? t("dash.actionYours") : t("dash.actionOwner", { owner: a.ownerName ?? "–", organisation: a.ownerOrganisation })}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
          <MoreRows count={more.actions} />
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
                          {r.serviceName} · {knownLabel(t, "criticality", CRITICALITIES, r.criticality)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{t(labelKey("stage", r.stage))}</Table.Td>
                      <Table.Td>
                        <ScoreLink relationshipId={r.id} score={r.score} />
                      </Table.Td>
                      <Table.Td ta="right">{number(r.attentionPriority, 1)}</Table.Td>
                      <Table.Td>
                        {r.attention.length > 0 || r.actionRequired ? (
                          <AttentionTags kinds={r.attention.map((a) => a.kind)} actionRequired={r.actionRequired !== null} />
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
            <>
              <ScoreBandLegend bands={home.bands} />
              <MoreRows count={more.relationships} />
            </>
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
