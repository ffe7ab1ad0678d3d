import { FACTORS } from "~/domain/factors";
import { ExportButtons } from "~/components/compare/export-buttons";
import plainTableStyles from "~/components/plain-table.css";
import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import compareStyles from "~/components/compare/compare.css";
import { NOTICE_STYLES, DARK_BUTTON, Delta, useLabel, useQuarterOptions } from "~/components/compare/figures";
import { GroupAveragesTable } from "~/components/compare/group-averages";
import { PortfolioScatter } from "./__portfolio-scatter";
import { DECIMALS, PERFORMANCE_SIDES } from "~/domain/compare";
import { AttentionTags } from "~/components/relationship/attention";
import { ScoreBandLegend, ScorePill } from "~/components/score-band";
import { PORTFOLIO_PAGE_SIZES, parsePortfolioPaging, parsePortfolioQuery } from "~/domain/portfolio";
import { pageTitle } from "~/i18n/page-title";
import { LinkPager } from "~/components/link-pager";
import { useI18n } from "~/i18n/use-i18n";
import { getChainPortfolio } from "~/models/portfolio.server";
import { idParams } from "~/http/route-params.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: plainTableStyles },
  { rel: "stylesheet", href: compareStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "title.portfolio", { name: data?.chain.name });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { chainId } = idParams(params, "chainId");
  const search = new URL(request.url).searchParams;
  const { options, problems } = parsePortfolioQuery(search);
  const data = await getChainPortfolio(user, chainId, options, parsePortfolioPaging(search));
  return {
    chain: data.chain,
    side: options.side,
    requestedQuarter: options.quarter,
    problems,
    quarter: data.quarter,
    currentQuarter: data.currentQuarter,
    quarters: data.quarters,
    previousQuarter: data.portfolio.previousQuarter,
    criticalAndWeakCount: data.portfolio.criticalAndWeakCount,
    bySize: data.portfolio.bySize,
    byMaturity: data.portfolio.byMaturity,
    byDiversity: data.portfolio.byDiversity,
    modelVersion: data.portfolio.modelVersion,
    bands: data.bands,
    page: data.page,
    attention: data.attention,
    top: data.top,
    points: data.scatter.points,
    unplaced: data.scatter.unplaced.map((e) => ({ id: e.id, name: e.name, serviceName: e.serviceName })),
  };
}

export default function PortfolioPage() {
  const data = useLoaderData<typeof loader>();
  const { t, fixed, quarter, number } = useI18n();
  const quarterOptions = useQuarterOptions();
  const label = useLabel();
  const lowest = data.bands[0];
  const location = useLocation();
  const search = new URLSearchParams(location.search);
  search.delete("format");
  const exportHref = (format: string) => {
    const q = new URLSearchParams(search);
    q.set("format", format);
    return `/chains/${data.chain.id}/portfolio/export?${q}`;
  };
  // "Compare these": the relationships needing most attention, straight into the compare view.
  const top = data.top;
  const compareHref = `/compare?${new URLSearchParams([...top.map((id) => ["r", String(id)]), ...(data.quarter ? [["q", data.quarter]] : [])])}`;
  // The same view on another page of the attention list: quarter, side and page size are kept.
  const pageHref = (page: number) => {
    const q = new URLSearchParams(search);
    q.delete("page");
    if (page > 1) q.set("page", String(page));
    const query = q.toString();
    return `/chains/${data.chain.id}/portfolio${query ? `?${query}` : ""}`;
  };

  return (
    <Stack gap="lg" className="compare-page">
      <div>
        <Anchor component={Link} to={`/chains/${data.chain.id}`} size="sm" c="teal.9" className="no-print">
          ← {data.chain.name}
        </Anchor>
        <Title order={1}>{t("portfolio.title", { chain: data.chain.name })}</Title>
        <Text c="gray.7">{t("portfolio.intro")}</Text>
        <Text size="sm" mt={4}>
          {data.quarter ? t("portfolio.quarterSide", { quarter: quarter(data.quarter), side: t(labelKey("compare.side", data.side)) }) : t("compare.noQuarter")}
        </Text>
      </div>

      {data.problems.map((p) => (
        <Alert key={p} color="orange" styles={NOTICE_STYLES} title={t("compare.problem.title")} className="no-print">
          {t(labelKey("compare.problem", p))}
        </Alert>
      ))}

      <Form method="get" key={location.search} className="no-print">
        <Group align="flex-end">
          <NativeSelect
            name="q"
            label={t("compare.view.quarter")}
            defaultValue={data.requestedQuarter ?? ""}
            data={quarterOptions({ shown: data.quarter, requested: data.requestedQuarter, current: data.currentQuarter, quarters: data.quarters })}
          />
          <NativeSelect
            name="side"
            label={t("compare.side.label")}
            defaultValue={data.side}
            data={PERFORMANCE_SIDES.map((s) => ({ value: s, label: t(labelKey("compare.side", s)) }))}
          />
          <NativeSelect
            name="size"
            label={t("portfolio.pageSize")}
            defaultValue={String(data.page.pageSize)}
            data={PORTFOLIO_PAGE_SIZES.map((n) => ({ value: String(n), label: number(n) }))}
          />
          <Button type="submit" {...DARK_BUTTON}>
            {t("compare.view.apply")}
          </Button>
          <ExportButtons ml="auto" exportHref={exportHref} />
        </Group>
      </Form>

      <section className="compare-section">
        <Title order={2} size="h3" mb="xs">
          {t("portfolio.scatter.title")}
        </Title>
        <Text size="sm" mb="xs">
          {t("portfolio.scatter.summary", { count: data.criticalAndWeakCount, min: number(lowest.min, 1), max: number(lowest.max, 1) })}
        </Text>
        <PortfolioScatter points={data.points} bands={data.bands} />
        <Text size="xs" c="gray.7">
          {t("portfolio.scatter.legend")}
        </Text>
        <ScoreBandLegend bands={data.bands} version={data.modelVersion} />
        {data.unplaced.length ? (
          <Text size="sm" mt="xs" data-testid="unplaced">
            {t("portfolio.unplaced", { names: data.unplaced.map((u) => `${u.name} (${u.serviceName})`).join(", ") })}
          </Text>
        ) : null}
      </section>

      <section className="compare-section">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h3">
            {t("portfolio.attention.title")}
          </Title>
          {top.length >= 2 ? (
            <Anchor component={Link} to={compareHref} size="sm" c="teal.9" className="no-print">
              {t("portfolio.compareTop", { count: top.length })}
            </Anchor>
          ) : null}
        </Group>
        {data.page.total > 0 ? (
          <p className="portfolio-range" data-testid="attention-range">
            {t("portfolio.showing", {
              from: number(data.page.offset + 1),
              to: number(data.page.offset + data.attention.length),
              total: data.page.total,
            })}
          </p>
        ) : null}
        {/* One page of the attention list (a chain can have hundreds of relationships): plain elements, the compare pages' table classes. */}
        <div className="cmp-scroll" tabIndex={0} role="region" aria-label={t("portfolio.attention.title")}>
          <table className="cmp-table striped portfolio-attention" data-testid="attention-list">
            <caption>{t("portfolio.attention.caption")}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("portfolio.col.rank")}
                </th>
                <th scope="col">{t("compare.col.partner")}</th>
                <th scope="col" className="num">
                  {t("compare.row.score")}
                </th>
                <th scope="col" className="num">
                  {t("compare.row.attention")}
                </th>
                <th scope="col">{t("compare.row.criticality")}</th>
                <th scope="col">{t("portfolio.col.needsAttention")}</th>
                <th scope="col">{t("portfolio.col.weakestFactor")}</th>
                <th scope="col">{t("compare.col.context")}</th>
              </tr>
            </thead>
            <tbody>
              {data.attention.map((r) => (
                <tr key={r.id} data-testid="attention-row">
                  <td className="num">{r.rank ?? "–"}</td>
                  <th scope="row">
                    <span className="cmp-block">{r.name}</span>
                    <span className="cmp-block cmp-xs cmp-muted portfolio-service">
                      {r.serviceName} · {t(labelKey("compare.role", r.role))}
                    </span>
                  </th>
                  <td className="num">
                    {r.score === null ? (
                      <span className="cmp-nodata">{t("compare.noData")}</span>
                    ) : (
                      <>
                        <ScorePill value={r.score} band={r.scoreBand} />
                        <Delta value={r.scoreDelta} decimals={DECIMALS.score} previous={data.previousQuarter} block />
                      </>
                    )}
                  </td>
                  <td className="num">{r.attention === null ? t("compare.noData") : fixed(r.attention, DECIMALS.attention)}</td>
                  <td>
                    {t(labelKey("criticality", r.criticality))}
                    {r.criticalAndWeak ? <span className="status-tag required cmp-block portfolio-critical">{t("portfolio.criticalAndWeak")}</span> : null}
                  </td>
                  <td data-testid="needs-attention-cell">
                    {r.needsAttention.length > 0 || r.actionRequired ? <AttentionTags kinds={r.needsAttention} actionRequired={r.actionRequired} /> : "–"}
                  </td>
                  <td>{r.weakestFactor ? knownLabel(t, "factor", FACTORS, r.weakestFactor) : "–"}</td>
                  <td className="cmp-xs">{r.context.map(label).join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LinkPager page={data.page.page} pageCount={data.page.pageCount} href={pageHref} label={t("portfolio.pager")} className="no-print" />
      </section>

      <section className="compare-section">
        <Title order={2} size="h3" mb={4}>
          {t("portfolio.groupsTitle")}
        </Title>
        <Text size="sm" mb="sm">
          {t("portfolio.groupsIntro")}
        </Text>
        <Stack gap="md">
          {(
            [
              ["portfolio.bySize", data.bySize],
              ["portfolio.byMaturity", data.byMaturity],
              ["portfolio.byDiversity", data.byDiversity],
            ] as const
          ).map(([key, groups]) => (
            <div key={key}>
              <Title order={3} size="h4" mb={4}>
                {t(key)}
              </Title>
              {groups.length ? <GroupAveragesTable groups={groups} caption={t(key)} /> : <Text size="sm">{t("compare.noData")}</Text>}
            </div>
          ))}
        </Stack>
        <Text size="xs" c="gray.7" mt="xs">
          {t("compare.footnote", { version: data.modelVersion })}
        </Text>
      </section>
    </Stack>
  );
}
