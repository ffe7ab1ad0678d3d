import { LIFECYCLE_REASON_CATEGORIES } from "~/domain/factors";
import { Anchor, Card, Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

const REACTIVATED_FROM = new Set(["passivating", "passive", "ended"]);

/** The dated stage changes, newest first, each with its listening question and note. */
export function LifecycleTimeline({ data }: { data: Pick<RelationshipPage, "header" | "lifecycle"> }) {
  const { t, date } = useI18n();
  const { header, lifecycle } = data;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="lifecycle-heading">
      <div className="rel-section sm">
        <div className="rel-head">
          <Title order={2} size="h4" id="lifecycle-heading">
            {t("rel.lifecycle.title")}
          </Title>
          {header.canWrite ? (
            <Anchor component={Link} to={`/relationships/${header.id}/lifecycle`} size="sm">
              {t("rel.lifecycle.change")}
            </Anchor>
          ) : null}
        </div>
        <p className="rel-p rel-sm">
          {t("rel.lifecycle.current")}: <span className="rel-pill light teal">{t(labelKey("stage", header.stage))}</span>
        </p>
        {lifecycle.length === 0 ? (
          <p className="rel-p rel-sm rel-dim">{t("rel.lifecycle.empty")}</p>
        ) : (
          <ol className="rel-timeline">
            {lifecycle.map((e) => {
              const reactivated = e.toStage === "active" && e.fromStage !== null && REACTIVATED_FROM.has(e.fromStage);
              return (
                <li key={e.id}>
                  <p className="rel-timeline-title">
                    {e.fromStage ? `${t(labelKey("stage", e.fromStage))} → ` : ""}
                    {t(labelKey("stage", e.toStage))}
                    {reactivated ? (
                      <>
                        {" "}
                        <span className="rel-pill xs upper outline teal">{t("rel.lifecycle.reactivated")}</span>
                      </>
                    ) : null}
                  </p>
                  <p className="rel-p rel-xs rel-dim">
                    {date(e.changedOn)} · {knownLabel(t, "reason", LIFECYCLE_REASON_CATEGORIES, e.reasonCategory)}
                  </p>
                  <p className="rel-p rel-sm">{e.note}</p>
                  {e.recordedBy ? <p className="rel-p rel-xs rel-dim">{t("rel.lifecycle.by", { name: e.recordedBy })}</p> : null}
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </Card>
  );
}
