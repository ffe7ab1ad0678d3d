import { Alert, Anchor, Button, Grid, Group, NativeSelect, Stack, Text, Title } from "@mantine/core";
import plainTableStyles from "~/components/plain-table.css";
import { labelKey } from "~/i18n/labels";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { AssessmentsList } from "./__relationship-page/assessments-list";
import { ActionRequiredText, AttentionList } from "~/components/relationship/attention";
import { ScoreBandLegend } from "~/components/score-band";
import { ContextPanel } from "./__relationship-page/context-panel";
import { DecisionLog, DevelopmentActions } from "./__relationship-page/actions-and-decisions";
import { FactorMatrix } from "~/components/relationship/factor-matrix";
import { PerceptionGap, Priorities } from "./__relationship-page/gap-and-priorities";
import { RelationshipTitle } from "~/components/relationship/header";
import { IpaChart } from "./__relationship-page/ipa-chart";
import { LifecycleTimeline } from "./__relationship-page/lifecycle-timeline";
import relationshipStyles from "~/components/relationship/relationship.css";
import { ScoreTrend } from "./__relationship-page/score-trend";
import { ScoreWithExplanation } from "./__relationship-page/score-explanation";
import { resolveLocale } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { SCORE_VIEWS } from "~/domain/assessment";
import { getRelationshipPage } from "~/models/relationship.server";
import { listAttachmentsOf } from "~/models/attachments.server";
import { threadCounts } from "~/models/comments.server";
import { ThreadLink } from "~/components/comments/thread";
import { idParam } from "~/http/route-params.server";
import type { ExplainedScore } from "~/models/scoring.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: plainTableStyles },
  { rel: "stylesheet", href: relationshipStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, null, { name: data ? `${data.header.provider.name} → ${data.header.customer.name}` : null });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const locale = await resolveLocale(request, user.locale);
  const page = await getRelationshipPage(user, idParam(params, "relationshipId"), {
    period: url.searchParams.get("period"),
    view: url.searchParams.get("view"),
    locale,
  });
  // Comments per thread of the quarter shown: one grouped count (the threads open on their own page).
  const comments = await threadCounts(user, page.header.id, page.period);
  // Files of the actions and decisions shown, scoped as they are (app/models/attachments.server.ts).
  const actionFiles = await listAttachmentsOf(
    user,
    page.header.id,
    "development_action",
    page.actions.map((a) => a.id),
  );
  const decisionFiles = await listAttachmentsOf(
    user,
    page.header.id,
    "decision",
    page.decisions.map((d) => d.id),
  );
  // Whatever is returned is serialised into the page: leave out what it does not show.
  return {
    ...page,
    comments,
    actionFiles,
    decisionFiles,
    trend: page.trend.map((row) => ({
      ...row,
      both: trendExplanation(row.both),
      provider: trendExplanation(row.provider),
      customer: trendExplanation(row.customer),
    })),
    assessments: page.assessments.map(({ updatedAt: _updatedAt, canReopen: _canReopen, ...a }) => a),
    myDrafts: page.myDrafts.map(({ id, period }) => ({ id, period })),
    actions: page.actions.map(({ completedAt: _completedAt, ...a }) => a),
  };
}

/** `value` rounded half away from zero to the decimals the page prints, so it prints the same figure (toFixed rounds the exact value, as Intl does). */
function shown(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/**
 * A trend cell's explanation with its figures at the precision its table
 * prints (importance and performance 2 decimals, weight as a percentage with
 * 1), without the priority it does not show: the trend holds three per
 * quarter, and rounded figures repeat, which the serialiser sends once.
 */
function trendExplanation(score: ExplainedScore | null): ExplainedScore | null {
  if (!score) return null;
  return {
    ...score,
    attentionPriority: score.attentionPriority === null ? null : shown(score.attentionPriority, 1),
    factors: score.factors.map((f) => ({
      factor: f.factor,
      importance: shown(f.importance, 2),
      weight: shown(f.weight, 3),
      performance: f.performance === null ? null : shown(f.performance, 2),
      quadrant: f.quadrant,
      priority: null,
    })),
  };
}

/** Alert texts in near-black: Mantine's light alerts colour the title below AA contrast. */
const DARK_ALERT_TEXT = {
  title: { color: "var(--mantine-color-dark-9)" },
  message: { color: "var(--mantine-color-dark-9)" },
} as const;

export default function RelationshipPage() {
  const data = useLoaderData<typeof loader>();
  const { t, quarter } = useI18n();
  const { header } = data;
  const submitted = useSearchParams()[0].has("submitted");
  const missing = new Set(data.trend.filter((r) => r.both === null).map((r) => r.period));
  return (
    <ContrastScope>
      <Stack gap="lg">
        <RelationshipTitle header={header} />
        <Text size="sm">
          {header.side
            ? t(header.canWrite ? labelKey("rel.yourSide", header.side) : "rel.readOnlySide", {
                organisation: header.side === "provider" ? header.provider.name : header.customer.name,
              })
            : t("rel.noSide")}{" "}
          <Anchor component={Link} to={`/relationships/${header.id}/metrics`}>
            {t("rel.metricsLink")}
          </Anchor>
        </Text>

        {submitted ? (
          <Alert color="teal" variant="light" role="status">
            {t("assessment.submittedNotice")}
          </Alert>
        ) : null}

        {data.attention.length > 0 ? (
          <Alert color="orange" variant="light" title={t("attention.title")} data-testid="attention" styles={DARK_ALERT_TEXT}>
            <AttentionList reasons={data.attention} />
          </Alert>
        ) : null}

        {data.actionRequired ? (
          <Alert color="red" variant="light" title={t("actionRequired.title")} data-testid="action-required" styles={DARK_ALERT_TEXT}>
            <ActionRequiredText relationshipId={header.id} required={data.actionRequired} canWrite={header.canWrite} />
          </Alert>
        ) : null}

        <Grid gutter="lg" align="stretch">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <ContextPanel data={data} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <LifecycleTimeline data={data} />
          </Grid.Col>
        </Grid>

        <ScoreTrend data={data} />

        <Form method="get" action={`/relationships/${header.id}`} aria-label={t("rel.pick.legend")}>
          <Group align="flex-end" gap="sm">
            <NativeSelect
              name="period"
              label={t("rel.pick.period")}
              defaultValue={data.period}
              data={data.periods.map((p) => ({
                value: p,
                label: missing.has(p) ? t("rel.period.missing", { period: quarter(p) }) : quarter(p),
              }))}
            />
            <NativeSelect
              name="view"
              label={t("rel.pick.view")}
              defaultValue={data.view}
              data={SCORE_VIEWS.map((v) => ({ value: v, label: t(labelKey("rel.view", v)) }))}
            />
            <Button type="submit" variant="default">
              {t("rel.pick.submit")}
            </Button>
          </Group>
        </Form>

        <Stack gap={4} id="score" style={{ scrollMarginTop: "calc(var(--app-shell-header-height, 60px) + 1rem)" }}>
          <Title order={2} size="h3">
            {t("chain.scoreOf", { period: quarter(data.period) })} · {t(labelKey("rel.view", data.view))}
          </Title>
          <ScoreWithExplanation score={data.score} missingLabel={t("rel.matrix.noPerformance")} />
          <ScoreBandLegend bands={data.bands} version={data.modelVersion} />
          <Text size="sm" data-testid="quarter-discussion">
            {t("comments.quarterDiscussion")}:{" "}
            <ThreadLink
              relationshipId={header.id}
              thread={{ period: data.period }}
              count={data.comments.quarter}
              label={t("comments.titleQuarter", { period: quarter(data.period) })}
            />
          </Text>
        </Stack>

        <FactorMatrix data={data} />
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <IpaChart data={data} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Priorities data={data} />
          </Grid.Col>
        </Grid>
        <PerceptionGap data={data} />
        <AssessmentsList data={data} />
        <DevelopmentActions data={data} />
        <DecisionLog data={data} />
      </Stack>
    </ContrastScope>
  );
}
