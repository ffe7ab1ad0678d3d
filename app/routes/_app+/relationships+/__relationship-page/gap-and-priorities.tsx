import { ScrollTable } from "~/components/scroll-table";
import { Title } from "@mantine/core";
import { labelKey } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import { PERCEPTION_GAP_THRESHOLD } from "~/domain/attention";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";
import { planActionHref } from "~/components/relationship/attention";
import { QuadrantBadge } from "~/components/relationship/factor-matrix";
import { ThreadLink } from "~/components/comments/thread";
import type { ThreadCounts } from "~/models/comments.server";

/** A centred bar: left of the middle when the customer side rates higher, right when the provider does. Decorative; the numbers are in the cells. */
function GapBar({ gap }: { gap: number }) {
  const width = Math.min(Math.abs(gap) / 4, 1) * 50;
  return (
    <span aria-hidden className="rel-gap-bar">
      <span className={gap >= 0 ? "provider" : "customer"} style={{ width: `${width}%` }} />
    </span>
  );
}

export function PerceptionGap({ data }: { data: Pick<RelationshipPage, "gap" | "header" | "period"> & { comments?: ThreadCounts } }) {
  const { t, fixed, quarter } = useI18n();
  const { gap, header, period } = data;
  return (
    <section className="rel-section" aria-labelledby="gap-heading">
      <Title order={2} size="h3" id="gap-heading">
        {t("rel.gap.title")} {quarter(period)}
      </Title>
      <p className="rel-p rel-sm rel-dim">{t("rel.gap.intro")}</p>
      {/* Focusable, so a keyboard can scroll the table sideways on a narrow screen; a named group, not a
          second landmark of the same name as its section. */}
      <ScrollTable labelledBy="gap-heading" className="rel-table" style={{ minWidth: 640 }} data-testid="perception-gap">
        <thead>
          <tr>
            <th scope="col">{t("chain.factor")}</th>
            <th scope="col" className="num">
              {t("rel.viewOf", { organisation: header.provider.name })}
            </th>
            <th scope="col" className="num">
              {t("rel.viewOf", { organisation: header.customer.name })}
            </th>
            <th scope="col" className="num">
              {t("rel.gap.col")}
            </th>
            <th scope="col">{t("rel.gap.reading")}</th>
            {data.comments ? <th scope="col">{t("comments.discussCol")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {gap.map((row) => {
            const large = row.gap !== null && Math.abs(row.gap) >= PERCEPTION_GAP_THRESHOLD - 1e-9;
            const reading =
              row.gap === null
                ? row.provider !== null || row.customer !== null
                  ? t("rel.gap.oneSide")
                  : "–"
                : Math.abs(row.gap) < 1e-9
                  ? t("rel.gap.agree")
                  : row.gap > 0
                    ? t("rel.gap.providerHigher")
                    : t("rel.gap.customerHigher");
            return (
              <tr key={row.factor} data-factor={row.factor}>
                <th scope="row">{t(labelKey("factor", row.factor))}</th>
                <td className="num">{fixed(row.provider, 2)}</td>
                <td className="num">{fixed(row.customer, 2)}</td>
                <td className="num strong" data-testid="gap-value">
                  {row.gap === null ? "–" : `${row.gap > 0 ? "+" : row.gap < 0 ? "−" : ""}${fixed(Math.abs(row.gap), 2)}`}
                </td>
                <td>
                  <div className="rel-gap-cell">
                    {row.gap !== null ? <GapBar gap={row.gap} /> : null}
                    <span>{reading}</span>
                    {large ? <span className="rel-pill light red">{t("rel.gap.large")}</span> : null}
                  </div>
                </td>
                {data.comments ? (
                  <td>
                    <ThreadLink
                      relationshipId={header.id}
                      thread={{ period, factor: row.factor }}
                      count={data.comments.byFactor[row.factor] ?? 0}
                      label={t(labelKey("factor", row.factor))}
                    />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </ScrollTable>
    </section>
  );
}

export function Priorities({ data }: { data: Pick<RelationshipPage, "priorities" | "period" | "view" | "header"> & { comments?: ThreadCounts } }) {
  const { t, fixed, percent, quarter } = useI18n();
  return (
    <section className="rel-section" aria-labelledby="priorities-heading">
      <Title order={2} size="h3" id="priorities-heading">
        {t("rel.priorities.title")} {quarter(data.period)}
      </Title>
      <p className="rel-p rel-sm rel-dim">
        {t("rel.priorities.intro")} ({t(labelKey("rel.view", data.view))})
      </p>
      {data.priorities.length === 0 ? (
        <p className="rel-p rel-sm">{t("rel.priorities.empty")}</p>
      ) : (
        <ol className="rel-list" data-testid="priorities">
          {data.priorities.map((p) => (
            <li key={p.factor}>
              <div className="rel-priority">
                <strong>{t(labelKey("factor", p.factor))}</strong>
                <span className="rel-dim">
                  {t("rel.priorities.item", {
                    priority: fixed(p.priority, 3),
                    weight: percent(p.weight, 1),
                    performance: fixed(p.performance, 2),
                  })}
                </span>
                <QuadrantBadge quadrant={p.quadrant} />
              </div>
              {data.header.canWrite ? (
                // A plain link to the new-action form with the factor filled in: works without JavaScript.
                <Link
                  className="rel-link rel-sm mantine-focus-auto"
                  to={planActionHref(data.header.id, p.factor)}
                  aria-label={t("rel.priorities.planOf", { factor: t(labelKey("factor", p.factor)) })}
                  data-testid="plan-action"
                >
                  {t("rel.priorities.plan")}
                </Link>
              ) : null}
              {data.comments ? (
                <>
                  {" "}
                  <ThreadLink
                    relationshipId={data.header.id}
                    thread={{ period: data.period, factor: p.factor }}
                    count={data.comments.byFactor[p.factor] ?? 0}
                    label={t(labelKey("factor", p.factor))}
                  />
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
