import { CRITICALITIES } from "~/domain/factors";
import { Badge, Group, Stack, Text, Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import homeStyles from "~/styles/home.css";
import { Link, useLoaderData } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { ActionRequiredText, AttentionList, AttentionTags } from "~/components/relationship/attention";
import { ScoreBandLegend } from "~/components/score-band";
import { ScoreLink } from "~/components/score-link";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getHome } from "~/models/home.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: homeStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.home");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    memberships: user.memberships.map((m) => ({ organisationName: m.organisationName, role: m.role })),
    ...firstOfEach(await getHome(user)),
  };
}

/** Lists on the home page stop at this many rows; the chain view and compare hold the rest. */
const HOME_LIST_LIMIT = 15;

/**
 * A company with hundreds of relationships would otherwise get a page of
 * hundreds of rows (and ship them all in the loader data): keep the most
 * urgent first, and say how many more there are.
 */
function firstOfEach({ chains, ...home }: Awaited<ReturnType<typeof getHome>>) {
  // Those that require an action first: they ask for something to be done now.
  const flagged = home.relationships
    .filter((r) => r.attention.length > 0)
    .sort((a, b) => Number(b.actionRequired !== null) - Number(a.actionRequired !== null));
  return {
    chains,
    home: {
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
    },
  };
}

/*
 * The home page lists up to 15 rows in each of four lists: plain elements
 * with the classes in app/styles/home.css, since a Mantine component per
 * cell cost most of the page's server time.
 */
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

        <div className="home-grid">
          <section className="home-card" aria-labelledby="due-heading" data-testid="due">
            <h2 className="home-card-title" id="due-heading">
              {t("dash.due")}
            </h2>
            <p className="home-intro">
              {home.due.length > 0 && home.due.every((d) => d.readOnly)
                ? t("dash.dueReadOnlyIntro", { period: quarter(home.currentQuarter) })
                : t("dash.dueIntro", { period: quarter(home.currentQuarter) })}
            </p>
            {home.due.length === 0 ? (
              <p className="home-text">{t("dash.dueNone")}</p>
            ) : (
              <ul className="home-list">
                {home.due.map((d) => (
                  <li key={d.relationshipId} data-testid="due-item" data-read-only={d.readOnly ? "true" : undefined}>
                    {d.readOnly ? (
                      <>
                        <Link className="home-link" to={`/relationships/${d.relationshipId}`}>
                          {d.counterpartName}
                        </Link>{" "}
                        <span className="home-tag">{t("dash.readOnly")}</span>
                      </>
                    ) : (
                      <Link className="home-link" to={`/relationships/${d.relationshipId}/assess?period=${d.period}`}>
                        {d.draft ? t("dash.continueDraft", { name: d.counterpartName }) : t("dash.assess", { name: d.counterpartName })}
                      </Link>
                    )}
                    <span className="home-meta">
                      {" "}
                      · {d.serviceName}
                      {d.draft ? ` · ${t("dash.draftSaved", { date: date(d.draft.updatedAt) })}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <MoreRows count={more.due} />
          </section>
          <section className="home-card" aria-labelledby="drafts-heading" data-testid="drafts">
            <h2 className="home-card-title" id="drafts-heading">
              {t("dash.drafts")}
            </h2>
            {home.drafts.length === 0 ? (
              <p className="home-text">{t("dash.draftsNone")}</p>
            ) : (
              <ul className="home-list">
                {home.drafts.map((d) => (
                  <li key={d.assessmentId}>
                    <Link className="home-link" to={`/relationships/${d.relationshipId}/assess?period=${d.period}`}>
                      {t("dash.draftItem", { name: d.counterpartName, period: quarter(d.period) })}
                    </Link>
                    <span className="home-meta"> · {t("dash.draftSaved", { date: date(d.updatedAt) })}</span>
                  </li>
                ))}
              </ul>
            )}
            <MoreRows count={more.drafts} />
          </section>
        </div>

        <section className="home-section" aria-labelledby="attention-heading" data-testid="needs-attention">
          <h2 className="home-section-title" id="attention-heading">
            {t("dash.attention")}
          </h2>
          {home.actionRequiredCount > 0 ? (
            <p className="home-text home-strong" data-testid="action-required-count">
              {t("dash.actionRequiredCount", { count: home.actionRequiredCount })}
            </p>
          ) : null}
          {flagged.length === 0 ? (
            <p className="home-text">{t("dash.attentionNone")}</p>
          ) : (
            <div className="home-grid home-grid-tight">
              {flagged.map((r) => (
                <div key={r.id} className="home-card home-card-small" data-testid="attention-card" data-relationship={r.id}>
                  <div className="home-card-head">
                    <Link className="home-link home-strong" to={`/relationships/${r.id}`}>
                      {label(r)}
                    </Link>
                    {r.actionRequired ? (
                      <span className="status-tag required" data-testid="action-required">
                        {t("actionRequired.badge")}
                      </span>
                    ) : null}
                  </div>
                  <p className="home-meta home-meta-block">{r.serviceName}</p>
                  <AttentionList reasons={r.attention} />
                  {r.actionRequired ? <ActionRequiredText relationshipId={r.id} required={r.actionRequired} canWrite={r.canWrite} compact /> : null}
                </div>
              ))}
            </div>
          )}
          <MoreRows count={more.flagged} />
        </section>

        <section className="home-section" aria-labelledby="actions-heading" data-testid="my-actions">
          <h2 className="home-section-title" id="actions-heading">
            {t("dash.actions")}
          </h2>
          <p className="home-intro">{t("dash.actionsIntro")}</p>
          {home.overdueActions > 0 ? (
            <p className="home-text home-strong home-overdue" data-testid="overdue-count">
              {t("dash.actionsOverdue", { count: home.overdueActions })}
            </p>
          ) : null}
          {home.actions.length === 0 ? (
            <p className="home-text">{t("dash.actionsNone")}</p>
          ) : (
            <ul className="home-list home-list-spaced">
              {home.actions.map((a) => (
                <li key={a.id} data-testid="my-action" data-overdue={a.overdue ? "true" : undefined}>
                  <Link className="home-link home-medium" to={`/relationships/${a.relationshipId}#actions-heading`}>
                    {a.title}
                  </Link>{" "}
                  {a.overdue ? (
                    <span className="status-tag overdue" data-testid="overdue">
                      {t("action.overdue")}
                    </span>
                  ) : null}
                  <p className="home-meta home-meta-block">
                    {label(a)} · {t(labelKey("actionStatus", a.status))}
                    {a.factor ? ` · ${t(labelKey("factor", a.factor))}` : ""} ·{" "}
                    {a.dueDate ? t("dash.actionDue", { date: date(a.dueDate) }) : t("dash.actionNoDue")} ·{" "}
                    {a.mine ? t("dash.actionYours") : t("dash.actionOwner", { owner: a.ownerName ?? "–", organisation: a.ownerOrganisation })}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <MoreRows count={more.actions} />
        </section>

        <section className="home-section" aria-labelledby="mine-heading">
          <h2 className="home-section-title" id="mine-heading">
            {t("dash.myRelationships")}
          </h2>
          <p className="home-intro">
            {t("dash.myRelationshipsIntro")} {t("score.version", { version: home.modelVersion })}.
          </p>
          {home.relationships.length === 0 ? (
            <p className="home-text">{t("dash.noRelationships")}</p>
          ) : (
            <div className="home-table-scroll" tabIndex={0} role="group" aria-labelledby="mine-heading">
              <table className="home-table" data-testid="my-relationships">
                <thead>
                  <tr>
                    <th scope="col">{t("dash.relationship")}</th>
                    <th scope="col">{t("dash.stage")}</th>
                    <th scope="col">{t("dash.score")}</th>
                    <th scope="col" className="num">
                      {t("dash.priority")}
                    </th>
                    <th scope="col">{t("dash.flags")}</th>
                  </tr>
                </thead>
                <tbody>
                  {home.relationships.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link className="home-link home-medium" to={`/relationships/${r.id}`}>
                          {label(r)}
                        </Link>
                        <p className="home-meta home-meta-block">
                          {r.serviceName} · {knownLabel(t, "criticality", CRITICALITIES, r.criticality)}
                        </p>
                      </td>
                      <td>{t(labelKey("stage", r.stage))}</td>
                      <td>
                        <ScoreLink relationshipId={r.id} score={r.score} />
                      </td>
                      <td className="num">{number(r.attentionPriority, 1)}</td>
                      <td>
                        {r.attention.length > 0 || r.actionRequired ? (
                          <AttentionTags kinds={r.attention.map((a) => a.kind)} actionRequired={r.actionRequired !== null} />
                        ) : (
                          "–"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {home.relationships.length > 0 && (
            <>
              <ScoreBandLegend bands={home.bands} />
              <MoreRows count={more.relationships} />
            </>
          )}
        </section>

        <section className="home-section" aria-labelledby="chains-heading">
          <h2 className="home-card-title" id="chains-heading">
            {t("nav.chains")}
          </h2>
          <p className="home-intro">{t("home.chainsIntro")}</p>
          {data.chains.length === 0 ? (
            <p>{t("chains.empty")}</p>
          ) : (
            <div className="home-grid home-grid-tight">
              {data.chains.map((c) => (
                <div key={c.id} className="home-card">
                  <Link className="home-link home-strong" to={`/chains/${c.id}`}>
                    {c.name}
                  </Link>
                  <p className="home-intro">
                    {t("chains.focal")}: {c.focalName} · {t("chains.relationshipCount", { count: c.relationshipCount })}
                  </p>
                </div>
              ))}
            </div>
          )}
        </section>
      </Stack>
    </ContrastScope>
  );
}

/** "N more" under a shortened list, pointing to the full views. */
function MoreRows({ count }: { count: number }) {
  const { t } = useI18n();
  if (count === 0) return null;
  return (
    <p className="home-intro home-more">
      {t("dash.more", { count })}{" "}
      <Link className="home-link" to="/chains">
        {t("nav.chains")}
      </Link>
    </p>
  );
}
