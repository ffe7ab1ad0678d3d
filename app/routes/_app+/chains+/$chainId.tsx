import { Button, Card, Grid, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { labelKey } from "~/i18n/labels";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth.server";
import { pageTitle } from "~/i18n/page-title";
import { LinkPager } from "~/components/link-pager";
import { useI18n } from "~/i18n/use-i18n";
import { CHAIN_SORTS, type ChainColumnKey } from "~/domain/chain-view";
import { getChainView, type ChainColumn, type ChainRelationshipView, type ChainView } from "~/models/chain.server";
import chainStyles from "~/styles/chain-view.css";
import { ScoreLink } from "~/components/score-link";
import { ScoreBandLegend } from "~/components/score-band";
import { AttentionTags } from "~/components/relationship/attention";
import { idParams } from "~/http/route-params.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: chainStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, null, { name: data?.chain.name });

/** Page numbers in the URL per column; anything malformed falls back to the first page. */
const pageParam = z.coerce.number().int().positive().max(1_000_000).catch(1);
const querySchema = z.object({
  q: z
    .string()
    .catch("")
    .transform((q) => q.trim().slice(0, 100)),
  sort: z.enum(CHAIN_SORTS).catch("name"),
  up: pageParam,
  down: pageParam,
  other: pageParam,
});

/** Column -> its page parameter in the URL. */
const PAGE_PARAM: Record<ChainColumnKey, "up" | "down" | "other"> = { upstream: "up", downstream: "down", other: "other" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { chainId } = idParams(params, "chainId");
  const search = new URL(request.url).searchParams;
  const query = querySchema.parse({
    q: search.get("q") ?? undefined,
    sort: search.get("sort") ?? undefined,
    up: search.get("up") ?? undefined,
    down: search.get("down") ?? undefined,
    other: search.get("other") ?? undefined,
  });
  return {
    chain: await getChainView(user, chainId, {
      q: query.q,
      sort: query.sort,
      pages: { upstream: query.up, downstream: query.down, other: query.other },
    }),
  };
}

type LoadedChain = Omit<ChainView, "upstream" | "downstream" | "other"> & Record<ChainColumnKey, ChainColumn>;

/** The URL of this view with one column moved to another page; search, order and the other columns' pages are kept. */
function pageHref(chain: LoadedChain, column: ChainColumnKey, page: number): string {
  const params = new URLSearchParams();
  if (chain.q) params.set("q", chain.q);
  if (chain.sort !== "name") params.set("sort", chain.sort);
  for (const key of ["upstream", "downstream", "other"] as const) {
    const p = key === column ? page : chain[key].page;
    if (p > 1) params.set(PAGE_PARAM[key], String(p));
  }
  const query = params.toString();
  return `/chains/${chain.id}${query ? `?${query}` : ""}`;
}

function RelationshipRow({ rel, column }: { rel: ChainRelationshipView; column: ChainColumnKey }) {
  const { t } = useI18n();
  // The counterpart is who the column lists; "other" links name both parties.
  const party = column === "downstream" ? rel.customer : rel.provider;
  const strong = rel.criticality === "high" || rel.criticality === "critical";
  return (
    <li className="chain-row" data-testid="relationship-card" aria-label={`${rel.provider.name} → ${rel.customer.name}`}>
      <div className="chain-row-head">
        <Link to={`/relationships/${rel.id}`} className="chain-row-name">
          {column === "other" ? `${rel.provider.name} → ${rel.customer.name}` : party.name}
        </Link>
        <ScoreLink relationshipId={rel.id} score={rel.score} />
      </div>
      <div className="chain-row-service">{rel.serviceName}</div>
      {rel.needsAttention.length > 0 || rel.actionRequired ? (
        <div className="chain-row-status">
          <AttentionTags kinds={rel.needsAttention} actionRequired={rel.actionRequired} />
        </div>
      ) : null}
      <ul className="chain-flags" aria-label={t("chain.context")}>
        <li className={`chain-stage chain-stage-${rel.stage}`}>{t(labelKey("stage", rel.stage))}</li>
        {/* Scoring reads the provider's size and start-up status, whichever side the column lists: say so. */}
        <li data-testid="provider-size">
          {t("chain.providerSize", { size: t(rel.provider.sizeClass ? labelKey("size", rel.provider.sizeClass) : "size.unknown") })}
        </li>
        {rel.provider.startup ? <li className="chain-flag-startup">{t("chain.providerStartup")}</li> : null}
        <li>{t(labelKey("maturity", rel.maturity))}</li>
        <li>{t(labelKey("diversity", rel.diversity))}</li>
        <li className={strong ? "chain-flag-strong" : undefined}>{t(labelKey("criticality", rel.criticality))}</li>
        {rel.referenceCustomer ? <li className="chain-flag-reference">{t("reference")}</li> : null}
      </ul>
    </li>
  );
}

function ColumnSection({
  chain,
  column,
  title,
  testId,
  className,
}: {
  chain: LoadedChain;
  column: ChainColumnKey;
  title: string;
  testId: string;
  className?: string;
}) {
  const { t, number } = useI18n();
  const data = chain[column];
  const from = data.offset + 1;
  const to = data.offset + data.rows.length;
  return (
    <section className={`chain-column ${className ?? ""}`} data-testid={testId} aria-labelledby={`${testId}-heading`}>
      <Title order={2} size="h4" id={`${testId}-heading`}>
        {title}
      </Title>
      {data.total === 0 ? (
        <p className="chain-empty">{t("chain.noVisible")}</p>
      ) : data.matching === 0 ? (
        <p className="chain-empty">{t("chain.noMatch")}</p>
      ) : (
        <>
          <p className="chain-range" data-testid="chain-range">
            {chain.q
              ? t("chain.showingFiltered", { from: number(from), to: number(to), matching: data.matching, total: number(data.total) })
              : t("chain.showing", { from: number(from), to: number(to), total: number(data.total) })}
          </p>
          <ul className="chain-list">
            {data.rows.map((r) => (
              <RelationshipRow key={r.id} rel={r} column={column} />
            ))}
          </ul>
          <LinkPager page={data.page} pageCount={data.pageCount} href={(to) => pageHref(chain, column, to)} label={t("chain.pager", { column: title })} />
        </>
      )}
    </section>
  );
}

/** Search and order: a plain GET form; a new search starts every column from its first page. */
function ChainFilter({ chain }: { chain: LoadedChain }) {
  const { t } = useI18n();
  const active = chain.q !== "" || chain.sort !== "name";
  return (
    <Form method="get" action={`/chains/${chain.id}`} role="search" aria-label={t("chain.search.legend")} key={`${chain.q}|${chain.sort}`} className="no-print">
      <Group align="flex-end" gap="sm">
        <TextInput type="search" name="q" label={t("chain.search.label")} defaultValue={chain.q} maxLength={100} w={260} />
        <NativeSelect
          name="sort"
          label={t("chain.search.sort")}
          defaultValue={chain.sort}
          data={CHAIN_SORTS.map((s) => ({ value: s, label: t(labelKey("chain.sort", s)) }))}
        />
        <Button type="submit" variant="default">
          {t("chain.search.submit")}
        </Button>
        {active ? (
          <Text component={Link} to={`/chains/${chain.id}`} size="sm" c="teal.9" td="underline" pb={8}>
            {t("chain.search.clear")}
          </Text>
        ) : null}
      </Group>
    </Form>
  );
}

export default function ChainPage() {
  const { chain } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{chain.name}</Title>
        <Text component="a" href={`/chains/${chain.id}/portfolio`} size="sm" c="teal.9" td="underline" className="no-print">
          {t("portfolio.open")}
        </Text>
        {chain.description ? <Text c="gray.7">{chain.description}</Text> : null}
        <Text size="sm" c="gray.7" mt={4}>
          {t("chain.flow")} · {t("chain.legend")} {t("chain.legendExplain")}
        </Text>
        <ScoreBandLegend bands={chain.bands} />
        <Text size="sm" c="gray.7" data-testid="model-version-note">
          {t("score.version", { version: chain.modelVersion })}
        </Text>
      </div>
      <ChainFilter chain={chain} />
      {chain.q ? (
        <Text size="sm" role="status">
          {t("chain.search.summary", { q: chain.q })}
        </Text>
      ) : null}
      <Grid gutter="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ColumnSection chain={chain} column="upstream" title={t("chain.suppliers")} testId="chain-suppliers" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 2 }}>
          <section className="chain-column" data-testid="chain-company" aria-labelledby="chain-company-heading">
            <Title order={2} size="h4" id="chain-company-heading" mb="xs">
              {t("chain.company")}
            </Title>
            <Card withBorder padding="md" bg="teal.0" data-testid="focal-company">
              <Text fw={700} style={{ overflowWrap: "anywhere" }}>
                {chain.focal.name}
              </Text>
            </Card>
          </section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ColumnSection chain={chain} column="downstream" title={t("chain.customers")} testId="chain-customers" />
        </Grid.Col>
      </Grid>
      {chain.other.total > 0 ? <ColumnSection chain={chain} column="other" title={t("chain.other")} testId="chain-other" className="chain-other" /> : null}
    </Stack>
  );
}
