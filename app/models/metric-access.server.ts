/**
 * Who may see which measurements: ONE SQL condition on `measurements`
 * (docs/decisions/0007-metric-sharing.md).
 *
 * - Platform administrators see everything.
 * - The organisation that recorded a measurement sees it.
 * - Anyone else sees it only through an active (not revoked) sharing grant
 *   of the recording organisation whose metric (or all) and relationship (or
 *   all) match and whose audience includes the viewer:
 *     counterpart      the other party of the granted relationship;
 *     organisation     the named grantee;
 *     chain            every party of some relationship in the chain;
 *     chain_upstream   organisations upstream of the grantor in the chain
 *                      (providers to it, recursively);
 *     chain_downstream organisations downstream of it (its customers, recursively).
 * - A grant for all relationships (relationship null) never shows the
 *   viewer a relationship between the grantor and a third party who sits on
 *   the viewer's own side of the grantor: a supplier does not see another
 *   supplier's relationship with the company, and an end customer does not
 *   see another end customer's. The viewer's own relationships, and those on
 *   the far side of the grantor, are covered. To show a peer's relationship,
 *   the grantor must name that relationship in a grant.
 *
 * The rule is evaluated when what it depends on changes, not per
 * measurement: triggers keep each organisation's visible cells in
 * `visible_metric_cells` in the same transaction as a grant, relationship or
 * organisation change (docs/decisions/0015-visible-metric-cells.md), so a
 * revocation still takes effect at once. A person in one organisation (every
 * person today) reads that table; a person in several organisations is
 * judged by the rule below as one viewer, which the per-organisation table
 * cannot express (the peer rule looks at all of their organisations).
 */
import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { measurements } from "../../db/tables";
import { memberOrganisationIds } from "./access.server";
import { sharedWithOrganisation } from "./visible-metric-cells.server";
import type { ActingUser } from "./user.server";

export { memberOrganisationIds };

const EVERYTHING = sql`1 = 1`;
const NOTHING = sql`0 = 1`;

function idList(ids: readonly number[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
}

/**
 * (chain_id, organisation_id) pairs of organisations downstream of the
 * viewer's organisations, chain by chain: "the viewer is upstream of X in
 * chain C" is `(C, X) in viewerDownstream`.
 */
export function viewerDownstreamPairs(orgIds: readonly number[]): SQL {
  const ids = idList(orgIds);
  return sql`with recursive down(chain_id, org_id) as (
      select vr.chain_id, vr.customer_id from relationships vr where vr.provider_id in (${ids})
      union
      select vr.chain_id, vr.customer_id from relationships vr join down on vr.chain_id = down.chain_id and vr.provider_id = down.org_id
    ) select chain_id, org_id from down`;
}

/** The mirror image: `(C, X) in viewerUpstream` when the viewer is downstream of X in chain C. */
export function viewerUpstreamPairs(orgIds: readonly number[]): SQL {
  const ids = idList(orgIds);
  return sql`with recursive up(chain_id, org_id) as (
      select vr.chain_id, vr.provider_id from relationships vr where vr.customer_id in (${ids})
      union
      select vr.chain_id, vr.provider_id from relationships vr join up on vr.chain_id = up.chain_id and vr.customer_id = up.org_id
    ) select chain_id, org_id from up`;
}

/**
 * Whether grant `g` (an alias of sharing_grants in the enclosing query)
 * reaches an organisation in `orgIds` through its audience. `r` is the
 * relationship of the measurement (null for an organisation-level one).
 */
export function grantAudienceIncludes(orgIds: readonly number[], g = "g", r = "r"): SQL {
  const ids = idList(orgIds);
  const G = sql.raw(g);
  const R = sql.raw(r);
  return sql`(
      (${G}.audience = 'counterpart' and (${R}.provider_id in (${ids}) or ${R}.customer_id in (${ids})))
      or (${G}.audience = 'organisation' and ${G}.grantee_organisation_id in (${ids}))
      or (${G}.audience = 'chain' and exists (
            select 1 from relationships cm where cm.chain_id = ${G}.chain_id and (cm.provider_id in (${ids}) or cm.customer_id in (${ids}))))
      or (${G}.audience = 'chain_upstream' and (${G}.chain_id, ${G}.grantor_organisation_id) in (${viewerDownstreamPairs(orgIds)}))
      or (${G}.audience = 'chain_downstream' and (${G}.chain_id, ${G}.grantor_organisation_id) in (${viewerUpstreamPairs(orgIds)}))
    )`;
}

/**
 * The peer rule for grants over all relationships: true when the viewer is
 * a party of relationship r, or does not sit on the same side of the
 * grantor as r's other party.
 */
function notAPeersRelationship(orgIds: readonly number[], g = "g", r = "r"): SQL {
  const ids = idList(orgIds);
  const G = sql.raw(g);
  const R = sql.raw(r);
  return sql`(
      ${G}.relationship_id is not null
      or ${R}.id is null
      or ${R}.provider_id in (${ids}) or ${R}.customer_id in (${ids})
      or (${R}.customer_id = ${G}.grantor_organisation_id
          and (${R}.chain_id, ${G}.grantor_organisation_id) not in (${viewerDownstreamPairs(orgIds)}))
      or (${R}.provider_id = ${G}.grantor_organisation_id
          and (${R}.chain_id, ${G}.grantor_organisation_id) not in (${viewerUpstreamPairs(orgIds)}))
    )`;
}

/**
 * SQL condition on `measurements`: the rows the user may see. Add it to the
 * WHERE clause of every query that reads measurements.
 */
export function visibleMeasurementCondition(user: ActingUser): SQL {
  // A deleted value (a tombstone that keeps its history) is seen by no one.
  return sql`(${measurements.deletedAt} is null and ${visibleToViewer(user)})`;
}

/** The sharing rule for a viewer in one organisation: what it recorded, and the cells shared with it. */
function oneOrganisationRule(organisationId: number | Placeholder): SQL {
  return sql`(${measurements.recordedByOrganisationId} = ${organisationId} or ${sharedWithOrganisation(organisationId)})`;
}

/**
 * visibleMeasurementCondition for one organisation whose id is bound when a
 * prepared query runs (`sql.placeholder`): the same SQL for every
 * organisation, so it is built once rather than on every request.
 */
export function visibleToOrganisationCondition(organisationId: Placeholder): SQL {
  return sql`(${measurements.deletedAt} is null and ${oneOrganisationRule(organisationId)})`;
}

function visibleToViewer(user: ActingUser): SQL {
  if (user.isPlatformAdmin) return EVERYTHING;
  const orgIds = memberOrganisationIds(user);
  if (orgIds.length === 0) return NOTHING;
  if (orgIds.length === 1) return oneOrganisationRule(orgIds[0]);
  return sharingRule(orgIds);
}

/**
 * The same condition as visibleMeasurementCondition, evaluated from the
 * grants per measurement without visible_metric_cells: the rule itself, for
 * people in several organisations, and the reference the cells are tested
 * against (tests/integration/visible-metric-cells.test.ts).
 */
export function sharingRuleCondition(user: ActingUser): SQL {
  if (user.isPlatformAdmin) return sql`${measurements.deletedAt} is null`;
  const orgIds = memberOrganisationIds(user);
  if (orgIds.length === 0) return NOTHING;
  return sql`(${measurements.deletedAt} is null and ${sharingRule(orgIds)})`;
}

function sharingRule(orgIds: readonly number[]): SQL {
  const sharedWithViewer = sql`exists (
      select 1 from sharing_grants g
      left join relationships r on r.id = ${measurements.relationshipId}
      where g.grantor_organisation_id = ${measurements.recordedByOrganisationId}
        and g.revoked_at is null
        and (g.metric_id is null or g.metric_id = ${measurements.metricId})
        and (g.relationship_id is null or g.relationship_id = ${measurements.relationshipId})
        and (g.chain_id is null or r.id is null or g.chain_id = r.chain_id)
        and ${grantAudienceIncludes(orgIds)}
        and ${notAPeersRelationship(orgIds)}
    )`;
  // The `(relationship_id, metric_id) in (...)` term changes no result (the EXISTS
  // decides); it lets SQLite reach, through the unique index, only the few cells any
  // grant could cover instead of testing every measurement.
  return sql`(${measurements.recordedByOrganisationId} in (${idList(orgIds)})
    or ((${measurements.relationshipId}, ${measurements.metricId}) in (${grantCandidateCells(orgIds)}) and ${sharedWithViewer})
    or (${measurements.relationshipId} is null and ${sharedWithViewer}))`;
}

/**
 * (relationship, metric) cells some active grant reaching the viewer could
 * cover, with the peer rule already applied (without it a chain-wide grant
 * makes every cell of the chain a candidate and the EXISTS runs for each of
 * them): a superset of the cells of measurements shared with the viewer
 * (grants are made by parties of the relationships they cover, and only
 * parties record measurements).
 */
function grantCandidateCells(orgIds: readonly number[]): SQL {
  return sql`select r.id, md.id from relationships r
      join sharing_grants g
        on g.revoked_at is null
        and (g.relationship_id = r.id
          or (g.relationship_id is null
            and g.grantor_organisation_id in (r.provider_id, r.customer_id)
            and (g.chain_id is null or g.chain_id = r.chain_id)))
      join metric_definitions md on g.metric_id is null or md.id = g.metric_id
      where ${grantAudienceIncludes(orgIds)}
        and ${notAPeersRelationship(orgIds)}`;
}
