import { SIZE_CLASSES, DIVERSITIES, CRITICALITIES } from "~/domain/factors";
import { Anchor, Card, Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

/** The context the importance model reads: size, start-up, maturity, diversity; plus criticality and the reference flag. */
export function ContextPanel({ data }: { data: Pick<RelationshipPage, "header" | "context"> }) {
  const { t, date } = useI18n();
  const { header, context } = data;
  const fact = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="context-heading">
      <div className="rel-section sm">
        <Title order={2} size="h4" id="context-heading">
          {t("rel.context.title")}
        </Title>
        <dl className="rel-facts">
          {fact(
            t("rel.context.size"),
            <>
              {header.provider.name}: {knownLabel(t, "size", SIZE_CLASSES, context.sizeClass)}
              {context.sizeClassAssumed ? <span className="rel-block rel-xs rel-dim">{t("rel.context.sizeAssumed")}</span> : null}
            </>,
          )}
          {fact(t("rel.context.startup"), context.startup ? <span className="rel-pill light grape">{t("startup")}</span> : t("rel.context.notStartup"))}
          {fact(
            t("rel.context.maturity"),
            <>
              {t(labelKey("maturity", context.maturity))}
              <span className="rel-block rel-xs rel-dim">
                {context.maturityOverridden
                  ? t("rel.context.maturityOverridden", { derived: t(labelKey("maturity", context.derivedMaturity)) })
                  : t("rel.context.maturityDerived", { date: date(header.startDate) })}
              </span>
              {context.maturityOverridden && context.maturityOverrideNote ? (
                <span className="rel-block rel-xs rel-i">“{context.maturityOverrideNote}”</span>
              ) : null}
            </>,
          )}
          {fact(t("rel.context.diversity"), knownLabel(t, "diversity", DIVERSITIES, context.diversity))}
          {fact(t("rel.context.criticality"), knownLabel(t, "criticality", CRITICALITIES, context.criticality))}
          {fact(t("rel.context.reference"), context.referenceCustomer ? t("rel.context.yes") : t("rel.context.no"))}
          {fact(t("rel.context.started"), date(header.startDate))}
          {fact(
            t("rel.context.chain"),
            <Link className="rel-link mantine-focus-auto" to={`/chains/${header.chain.id}`}>
              {header.chain.name}
            </Link>,
          )}
        </dl>
        {header.canWrite ? (
          <div>
            <Anchor component={Link} to={`/relationships/${header.id}/context`} size="sm">
              {t("rel.context.change")}
            </Anchor>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
