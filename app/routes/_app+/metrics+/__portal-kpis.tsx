import { CHAIN_POSITIONS } from "~/domain/customer-kpi";
import { Alert, Stack, Text, Title } from "@mantine/core";
import { labelKey, knownLabel, dimensionValueLabel } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatMonth } from "~/components/metrics/format";
import type { SegmentDimension } from "~/domain/customer-kpi";
import { useI18n } from "~/i18n/use-i18n";
import type { CustomerKpis, MetricName } from "~/models/customer-kpi.server";

type RetentionView = CustomerKpis["retention"][number]["figures"][number];
type NpsView = CustomerKpis["nps"]["segments"][number]["figures"][number];
type EquityView = CustomerKpis["equity"]["segments"][number]["figure"];

type I18n = ReturnType<typeof useI18n>;

/**
 * The KPIs from the portal's own data. Every figure is a native <details>,
 * as scores are: it opens to its inputs without JavaScript. A segment or
 * quarter without data says so in words and is never shown as 0.
 */
export function PortalKpis({ kpis }: { kpis: CustomerKpis }) {
  const { t } = useI18n();
  const labels = new Map(kpis.relationships.map((r) => [r.id, `${r.providerName} → ${r.customerName}`]));
  const services = new Map(kpis.relationships.map((r) => [r.id, r.serviceName]));
  const label = (id: number) => labels.get(id) ?? `#${id}`;
  // In the inputs, each relationship links to its page (the service says which one when two organisations have several).
  const cell = (id: number) => (
    <Link to={`/relationships/${id}`} title={services.get(id)}>
      {label(id)}
    </Link>
  );
  if (kpis.relationshipCount === 0) {
    return (
      <Alert color="gray" role="status">
        {t("kpiData.noRelationships")}
      </Alert>
    );
  }
  return (
    <Stack gap="xl">
      <RetentionSection kpis={kpis} label={label} cell={cell} />
      <NpsSection kpis={kpis} label={label} cell={cell} />
      <EquitySection kpis={kpis} label={label} cell={cell} />
    </Stack>
  );
}

type SectionProps = { kpis: CustomerKpis; label: (id: number) => string; cell: (id: number) => ReactNode };

/** The inputs of a figure; on a narrow screen the table scrolls sideways (focusable, so keyboards can scroll it). */
function InputsTable({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="kpi-table-wrap" role="group" aria-label={t("kpiData.inputs")} tabIndex={0}>
      <table className="explain-table">{children}</table>
    </div>
  );
}

export function segmentLabel(t: I18n["t"], dimension: SegmentDimension, segment: string): string {
  if (segment === "all" || dimension === "all") return t("kpiData.segment.all");
  const value = dimension === "position" ? knownLabel(t, "kpiData.segment.position", CHAIN_POSITIONS, segment) : dimensionValueLabel(t, dimension, segment);
  return t("kpiData.segmentOf", { dimension: t(labelKey("kpiData.by", dimension)), value });
}

function metricNames(locale: string, metrics: readonly MetricName[], none: string): string {
  return metrics.length === 0 ? none : metrics.map((m) => (locale === "fi" ? m.nameFi : m.nameEn)).join(", ");
}

function SegmentCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    // Plain elements: a view holds a dozen or more of these, and Mantine's Card and grid cost far more to render.
    // A named group, not a section: every KPI repeats the same segment names, and landmarks must be unique.
    <div className="kpi-card" role="group" aria-labelledby={id} data-testid="kpi-segment">
      <h4 id={id}>{title}</h4>
      {children}
    </div>
  );
}

/** A quarter (or other) row without data: the words, never a 0. */
function NoData({ head, reason }: { head: string; reason: string }) {
  const { t } = useI18n();
  return (
    <div className="kpi-row kpi-none" data-testid="kpi-no-data">
      <span className="kpi-q">{head}</span>
      <span className="kpi-value">{t("kpiData.noData")}</span>
      <span className="kpi-sub">{reason}</span>
    </div>
  );
}

function FigureDetails({
  head,
  value,
  sub,
  children,
  testId = "kpi-figure",
}: {
  head: string;
  value: string;
  sub: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <details className="kpi-explain" data-testid={testId}>
      <summary>
        <span className="kpi-summary">
          <span className="kpi-marker" aria-hidden="true">
            ▸
          </span>
          <span className="kpi-q">{head}</span>
          <span className="kpi-value">{value}</span>
          <span className="kpi-sub">{sub}</span>
        </span>
      </summary>
      <div className="kpi-body">{children}</div>
    </details>
  );
}

/** The inputs a figure was computed from but does not list (a long list is cut). */
function Omitted({ count }: { count: number }) {
  const { t } = useI18n();
  return count > 0 ? <p data-testid="kpi-omitted">{t("kpiData.omitted", { count })}</p> : null;
}

// ------------------------------------------------------------------ retention

function RetentionSection({ kpis, label, cell }: SectionProps) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="kpi-data-retention-title">
      <Title order={3} id="kpi-data-retention-title" mb={4}>
        {t("kpiData.retention.title")}
      </Title>
      <Text size="sm" mb="sm">
        {t("kpiData.retention.rule")}
      </Text>
      <div className="kpi-grid">
        {kpis.retention.map((s) => (
          <SegmentCard key={s.segment} id={`kpi-data-retention-${s.segment}`} title={segmentLabel(t, kpis.dimension, s.segment)}>
            <ul className="kpi-list">
              {s.figures.map((f) => (
                <li key={f.quarter}>
                  <RetentionFigureView figure={f} label={label} cell={cell} />
                </li>
              ))}
            </ul>
          </SegmentCard>
        ))}
      </div>
    </section>
  );
}

function RetentionFigureView({ figure: f, label, cell }: { figure: RetentionView; label: (id: number) => string; cell: (id: number) => ReactNode }) {
  const { t, quarter, percent, number, date } = useI18n();
  if (f.retention === null || f.churn === null) {
    return <NoData head={quarter(f.quarter)} reason={t("kpiData.retention.noData", { quarter: quarter(f.quarter) })} />;
  }
  const retention = percent(f.retention, 1);
  const churn = percent(f.churn, 1);
  return (
    <FigureDetails
      head={quarter(f.quarter)}
      value={t("kpiData.retention.figure", { retention, churn })}
      sub={t("kpiData.retention.counts", { atStart: f.atStart, kept: number(f.kept, 0) })}
    >
      <p>{t("kpiData.retention.formula", { kept: number(f.kept, 0), lost: number(f.lost, 0), atStart: number(f.atStart, 0), retention, churn })}</p>
      <InputsTable>
        <thead>
          <tr>
            <th scope="col">{t("kpiData.relationship")}</th>
            <th scope="col">{t("kpiData.retention.atStart")}</th>
            <th scope="col">{t("kpiData.retention.atEnd")}</th>
            <th scope="col">{t("kpiData.retention.changedOn")}</th>
            <th scope="col">{t("kpiData.retention.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {f.entries.map((e) => (
            <tr key={e.relationshipId} data-testid="kpi-input-row">
              <td className="kpi-subject">{cell(e.relationshipId)}</td>
              <td>{t(labelKey("stage", e.stageAtStart))}</td>
              <td>{t(labelKey("stage", e.stageAtEnd))}</td>
              <td>{e.changedOn ? date(e.changedOn) : "–"}</td>
              <td>{t(e.kept ? "kpiData.retention.kept" : "kpiData.retention.lost")}</td>
            </tr>
          ))}
        </tbody>
      </InputsTable>
      <Omitted count={f.omitted} />
      {f.gainedCount > 0 ? <p>{t("kpiData.retention.gained", { count: f.gainedCount, names: f.gained.map(label).join("; ") })}</p> : null}
    </FigureDetails>
  );
}

// ------------------------------------------------------------------------ NPS

function NpsSection({ kpis, label, cell }: SectionProps) {
  const { t, locale, quarter } = useI18n();
  const period = t("kpiData.period", { from: quarter(kpis.quarters[0]), to: quarter(kpis.quarters[kpis.quarters.length - 1]) });
  const hasOrganisations = kpis.nps.organisations.length > 0;
  return (
    <section aria-labelledby="kpi-data-nps-title">
      <Title order={3} id="kpi-data-nps-title" mb={4}>
        {t("kpiData.nps.title")}
      </Title>
      {kpis.nps.metrics.length === 0 ? (
        <Text size="sm" data-testid="kpi-no-metric">
          {t("kpiData.nps.noMetric", { period })}
        </Text>
      ) : (
        <>
          <Text size="sm" mb="sm">
            {t("kpiData.nps.rule", { metrics: metricNames(locale, kpis.nps.metrics, "") })}
          </Text>
          <div className="kpi-grid">
            {kpis.nps.segments.map((s) => (
              <SegmentCard key={s.segment} id={`kpi-data-nps-${s.segment}`} title={segmentLabel(t, kpis.dimension, s.segment)}>
                <ul className="kpi-list">
                  {s.figures.map((f) => (
                    <li key={f.quarter}>
                      <NpsFigureView
                        figure={f}
                        label={label}
                        cell={cell}
                        noData={t("kpiData.nps.noData", { quarter: quarter(f.quarter) })}
                        formula="kpiData.nps.formula"
                      />
                    </li>
                  ))}
                </ul>
              </SegmentCard>
            ))}
          </div>
        </>
      )}
      {hasOrganisations ? (
        <Stack gap="xs" mt="md">
          <Title order={4} size="h5">
            {t("kpiData.nps.organisations")}
          </Title>
          <Text size="sm">{t("kpiData.nps.organisationsHint")}</Text>
          <div className="kpi-grid">
            {kpis.nps.organisations.map((o) => (
              <SegmentCard key={o.id} id={`kpi-data-nps-org-${o.id}`} title={o.name}>
                <ul className="kpi-list">
                  {o.figures.map((f) => (
                    <li key={f.quarter}>
                      <NpsFigureView
                        figure={f}
                        label={() => o.name}
                        cell={() => o.name}
                        noData={t("kpiData.nps.orgNoData", { quarter: quarter(f.quarter) })}
                        formula="kpiData.nps.orgFormula"
                      />
                    </li>
                  ))}
                </ul>
              </SegmentCard>
            ))}
          </div>
        </Stack>
      ) : null}
    </section>
  );
}

function NpsFigureView({
  figure: f,
  label,
  cell,
  noData,
  formula,
}: {
  figure: NpsView;
  label: (id: number) => string;
  cell: (id: number) => ReactNode;
  noData: string;
  formula: "kpiData.nps.formula" | "kpiData.nps.orgFormula";
}) {
  const { t, quarter, number, locale } = useI18n();
  if (f.nps === null) return <NoData head={quarter(f.quarter)} reason={noData} />;
  const valueCount = f.entries.reduce((n, e) => n + e.values.length, 0);
  // A whole organisation's figure is the mean of its months; a segment's, the mean of its relationships.
  const terms = formula === "kpiData.nps.orgFormula" ? f.entries.flatMap((e) => e.values.map((v) => v.value)) : f.entries.map((e) => e.nps);
  return (
    <FigureDetails
      head={quarter(f.quarter)}
      value={t("kpiData.nps.figure", { nps: number(f.nps, 1) })}
      sub={t("kpiData.nps.counts", { count: f.entries.length, values: valueCount })}
    >
      <p>{t(formula, { values: terms.map((v) => number(v, 1)).join(" + "), count: number(terms.length, 0), nps: number(f.nps, 1) })}</p>
      <InputsTable>
        <thead>
          <tr>
            <th scope="col">{formula === "kpiData.nps.orgFormula" ? t("kpiData.organisation") : t("kpiData.relationship")}</th>
            <th scope="col">{t("kpiData.nps.monthly")}</th>
            <th scope="col" className="num">
              {t("kpiData.nps.quarterly")}
            </th>
          </tr>
        </thead>
        <tbody>
          {f.entries.map((e) => (
            <tr key={e.subjectId} data-testid="kpi-input-row">
              <td className="kpi-subject">{cell(e.subjectId)}</td>
              <td>{e.values.map((v) => `${formatMonth(locale, v.month)}: ${number(v.value, 1)}`).join("; ")}</td>
              <td className="num">{number(e.nps, 1)}</td>
            </tr>
          ))}
        </tbody>
      </InputsTable>
      <Omitted count={f.omitted} />
      {f.rejected.length > 0 ? (
        <p>
          {t("kpiData.nps.rejected", {
            values: f.rejected.map((v) => `${label(v.subjectId)} ${formatMonth(locale, v.month)}: ${number(v.value, 1)}`).join("; "),
          })}
        </p>
      ) : null}
    </FigureDetails>
  );
}

// --------------------------------------------------------- CLV, customer equity

function EquitySection({ kpis, label, cell }: SectionProps) {
  const { t, locale, quarter, percent, number } = useI18n();
  const { window, marginMetrics, retentionMetrics } = kpis.equity;
  const period = t("kpiData.period", { from: formatMonth(locale, window[0]), to: formatMonth(locale, window[window.length - 1]) });
  const none = t("kpiData.clv.notRecorded");
  return (
    <section aria-labelledby="kpi-data-clv-title">
      <Title order={3} id="kpi-data-clv-title" mb={4}>
        {t("kpiData.clv.title")}
      </Title>
      <Text size="sm" mb="sm">
        {t("kpiData.clv.rule", {
          quarter: quarter(kpis.to),
          period,
          margin: metricNames(locale, marginMetrics, none),
          retention: metricNames(locale, retentionMetrics, none),
          discount: percent(kpis.clv.discountRate, 2),
          acquisition: number(kpis.clv.acquisitionCost, 2),
        })}
      </Text>
      {marginMetrics.length === 0 && retentionMetrics.length === 0 ? (
        <Text size="sm" data-testid="kpi-no-metric">
          {t("kpiData.clv.noMetric", { period })}
        </Text>
      ) : (
        // One figure per segment, with a wide table of inputs: full-width cards.
        <div className="kpi-grid kpi-grid-wide">
          {kpis.equity.segments.map((s) => (
            <SegmentCard key={s.segment} id={`kpi-data-clv-${s.segment}`} title={segmentLabel(t, kpis.dimension, s.segment)}>
              <EquityFigureView figure={s.figure} label={label} cell={cell} period={period} kpis={kpis} />
            </SegmentCard>
          ))}
        </div>
      )}
    </section>
  );
}

function EquityFigureView({
  figure: f,
  label,
  cell,
  period,
  kpis,
}: {
  figure: EquityView;
  label: (id: number) => string;
  cell: (id: number) => ReactNode;
  period: string;
  kpis: CustomerKpis;
}) {
  const { t, quarter, number, percent } = useI18n();
  const eur = (v: number | null) => number(v, 0);
  // Customers with nothing recorded at all: one sentence instead of a row of dashes each.
  const blank = f.entries.filter((e) => e.excluded === "no_margin" && e.retentions.length === 0);
  const rows = f.entries.filter((e) => !blank.includes(e));
  const table =
    rows.length === 0 ? null : (
      <InputsTable>
        <thead>
          <tr>
            <th scope="col">{t("kpiData.relationship")}</th>
            <th scope="col" className="num">
              {t("kpiData.clv.margin")}
            </th>
            <th scope="col" className="num">
              {t("kpiData.clv.retention")}
            </th>
            <th scope="col" className="num">
              {t("kpiData.clv.months")}
            </th>
            <th scope="col" className="num">
              {t("kpiData.clv.clv")}
            </th>
            <th scope="col">{t("kpiData.clv.counted")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.relationshipId} data-testid="kpi-input-row">
              <td className="kpi-subject">{cell(e.relationshipId)}</td>
              <td className="num">{e.annualMargin === null ? "–" : eur(e.annualMargin)}</td>
              <td className="num">{e.retention === null ? "–" : percent(e.retention, 1)}</td>
              <td className="num">{`${number(e.margins.length, 0)} / ${number(e.retentions.length, 0)}`}</td>
              <td className="num">{e.clv === null ? "–" : eur(e.clv)}</td>
              <td>
                {e.excluded === null
                  ? t("kpiData.clv.status")
                  : t(labelKey("kpiData.clv.excluded", e.excluded), { stage: e.stage ? t(labelKey("stage", e.stage)) : "–" })}
              </td>
            </tr>
          ))}
        </tbody>
      </InputsTable>
    );
  const nothing =
    blank.length === 0 ? null : <p>{t("kpiData.clv.nothingRecorded", { count: blank.length, names: blank.map((e) => label(e.relationshipId)).join("; ") })}</p>;
  const generic = (
    <p>
      {t("kpiData.clv.params", {
        discount: percent(kpis.clv.discountRate, 2),
        acquisition: number(kpis.clv.acquisitionCost, 2),
      })}
    </p>
  );
  if (f.equity === null || f.meanClv === null) {
    const reason = t("kpiData.clv.noData", { period });
    // Nothing counted, but the relationships left out and why are still inputs worth showing.
    if (f.entries.length === 0) return <NoData head={quarter(f.quarter)} reason={reason} />;
    return (
      <FigureDetails head={quarter(f.quarter)} value={t("kpiData.noData")} sub={reason} testId="kpi-no-data">
        {table}
        {nothing}
        <Omitted count={f.omitted} />
      </FigureDetails>
    );
  }
  const counted = f.entries.filter((e) => e.excluded === null);
  return (
    <FigureDetails
      head={quarter(f.quarter)}
      value={t("kpiData.clv.figure", { equity: eur(f.equity) })}
      sub={t("kpiData.clv.counts", { count: f.counted, mean: eur(f.meanClv) })}
    >
      {generic}
      <p>{t("kpiData.clv.formula", { values: counted.map((e) => eur(e.clv)).join(" + "), equity: eur(f.equity) })}</p>
      {table}
      {nothing}
      <Omitted count={f.omitted} />
    </FigureDetails>
  );
}
