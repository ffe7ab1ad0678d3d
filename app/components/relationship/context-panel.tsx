import { Anchor, Card, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
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
              {header.provider.name}: {t(`size.${context.sizeClass}` as MessageKey)}
              {context.sizeClassAssumed ? <span className="rel-block rel-xs rel-dim">{t("rel.context.sizeAssumed")}</span> : null}
            </>,
          )}
          {fact(t("rel.context.startup"), context.startup ? <span className="rel-pill light grape">{t("startup")}</span> : t("rel.context.notStartup"))}
          {fact(
            t("rel.context.maturity"),
            <>
              {t(`maturity.${context.maturity}` as MessageKey)}
              <span className="rel-block rel-xs rel-dim">
                {context.maturityOverridden
                  ? t("rel.context.maturityOverridden", { derived: t(`maturity.${context.derivedMaturity}` as MessageKey) })
                  : t("rel.context.maturityDerived", { date: date(header.startDate) })}
              </span>
              {context.maturityOverridden && context.maturityOverrideNote ? (
                <span className="rel-block rel-xs rel-i">“{context.maturityOverrideNote}”</span>
              ) : null}
            </>,
          )}
          {fact(t("rel.context.diversity"), t(`diversity.${context.diversity}` as MessageKey))}
          {fact(t("rel.context.criticality"), t(`criticality.${context.criticality}` as MessageKey))}
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
