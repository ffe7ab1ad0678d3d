import { ScrollTable } from "~/components/scroll-table";
import { Anchor, Button, Title } from "@mantine/core";
import { labelKey } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";
import type { AssessmentListItem, RelationshipPage } from "~/models/relationship.server";

type Props = Pick<RelationshipPage, "header" | "period"> & {
  assessments: Array<Omit<AssessmentListItem, "updatedAt" | "canReopen">>;
  myDrafts: Array<{ id: number; period: string }>;
};

/** The quarter's submitted assessments of both sides (and the user's own draft); a side without one is shown as missing. */
export function AssessmentsList({ data }: { data: Props }) {
  const { t, quarter, dateTime } = useI18n();
  const { assessments, myDrafts, header, period } = data;
  const canAssess = header.side !== null && header.canAssess;
  const missing = (["provider", "customer"] as const).filter((side) => !assessments.some((a) => a.side === side && a.status === "submitted"));
  const open = t("rel.assessments.open");
  return (
    <section className="rel-section" aria-labelledby="assessments-heading">
      <div className="rel-head">
        <Title order={2} size="h3" id="assessments-heading">
          {t("rel.assessments.title", { period: quarter(period) })}
        </Title>
        {canAssess ? (
          <Button component={Link} to={`/relationships/${header.id}/assess`} variant="filled">
            {t("rel.assessQuarter")}
          </Button>
        ) : null}
      </div>
      <p className="rel-p rel-sm rel-dim">{t("rel.assessments.intro")}</p>
      {assessments.length > 0 ? (
        <ScrollTable className="rel-table" style={{ minWidth: 600 }} data-testid="assessments">
          <thead>
            <tr>
              <th scope="col">{t("rel.assessments.side")}</th>
              <th scope="col">{t("rel.assessments.assessor")}</th>
              <th scope="col">{t("rel.assessments.status")}</th>
              <th scope="col">{t("rel.assessments.submitted")}</th>
              <th scope="col">
                <span className="visually-hidden">{open}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {assessments.map((a) => (
              <tr key={a.id}>
                <td>{t(labelKey("rel.sideName", a.side))}</td>
                <td>
                  {a.assessorName}
                  <span className="rel-block rel-xs rel-dim">{a.organisationName}</span>
                </td>
                <td>
                  <span className={`rel-pill light ${a.status === "submitted" ? "teal" : "gray"}`}>{t(labelKey("assessmentStatus", a.status))}</span>
                </td>
                <td>{a.submittedAt ? dateTime(a.submittedAt) : "–"}</td>
                <td>
                  <Link
                    className="rel-link mantine-focus-auto"
                    to={a.status === "draft" ? `/relationships/${header.id}/assess?period=${a.period}` : `/relationships/${header.id}/assessments/${a.id}`}
                    aria-label={t("rel.assessments.openOf", { name: a.assessorName })}
                  >
                    {open}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : null}
      {missing.map((side) => (
        <p key={side} className="rel-p rel-sm rel-i" data-testid={`missing-${side}`}>
          {t("rel.assessments.missingSide", {
            organisation: side === "provider" ? header.provider.name : header.customer.name,
            period: quarter(period),
          })}
        </p>
      ))}
      {myDrafts.length > 0 ? (
        <div className="rel-section tight">
          <Title order={3} size="h5">
            {t("rel.assessments.myDrafts")}
          </Title>
          <ul className="rel-list">
            {myDrafts.map((d) => (
              <li key={d.id}>
                <Anchor component={Link} to={`/relationships/${header.id}/assess?period=${d.period}`}>
                  {t("rel.assessments.continue", { period: quarter(d.period) })}
                </Anchor>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
