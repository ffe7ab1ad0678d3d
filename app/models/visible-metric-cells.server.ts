/**
 * Reading `visible_metric_cells` (docs/decisions/0015-visible-metric-cells.md):
 * the cells of other organisations' measurements the sharing rule shows one
 * organisation, kept by triggers (db/visible-metric-cells.ts). Every
 * condition here is bound to one viewer organisation id, so a query never
 * reads another organisation's cells.
 */
import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { isSameValue } from "../../db/dialect";
import { measurements } from "../../db/tables";

/**
 * SQL condition on `measurements`: the row is in a cell shared with the
 * organisation. The `relationship_id in (...)` term changes no result (the
 * EXISTS decides); it lets SQLite reach the rows of the organisation's few
 * cells through the measurements' indexes instead of testing every row.
 */
export function sharedWithOrganisation(organisationId: number | Placeholder): SQL {
  const inCell = sql`exists (select 1 from visible_metric_cells c
      where c.viewer_organisation_id = ${organisationId}
        and c.recorded_by_organisation_id = ${measurements.recordedByOrganisationId}
        and ${isSameValue(sql`c.relationship_id`, measurements.relationshipId)}
        and (c.metric_id is null or c.metric_id = ${measurements.metricId}))`;
  return sql`((${measurements.relationshipId} in (select c.relationship_id from visible_metric_cells c
        where c.viewer_organisation_id = ${organisationId} and c.relationship_id is not null) and ${inCell})
    or (${measurements.relationshipId} is null and ${inCell}))`;
}

/**
 * The ids of the (not deleted) measurements of months `from`..`to` shared
 * with the organisation, read cell by cell through the measurements'
 * indexes: `measurements.id in (...)` of this is an indexed join from the
 * organisation's cells, whatever the size of the table.
 */
export function sharedMeasurementIds(organisationId: number, from: string, to: string): SQL {
  return sql`select m.id from visible_metric_cells c
      join measurements m
        on m.relationship_id = c.relationship_id and m.month between ${from} and ${to}
      where c.viewer_organisation_id = ${organisationId} and c.relationship_id is not null
        and m.recorded_by_organisation_id = c.recorded_by_organisation_id
        and (c.metric_id is null or m.metric_id = c.metric_id)
        and m.deleted_at is null
    union all
    select m.id from visible_metric_cells c
      join measurements m
        on m.recorded_by_organisation_id = c.recorded_by_organisation_id and m.relationship_id is null
      where c.viewer_organisation_id = ${organisationId} and c.relationship_id is null
        and (c.metric_id is null or m.metric_id = c.metric_id)
        and m.month between ${from} and ${to}
        and m.deleted_at is null`;
}
