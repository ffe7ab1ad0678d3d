/** The audit log's vocabulary shared by the model and the page (no I/O). */

/** Kinds of record a name can be looked up for: an entity of an entry, or an id inside its before/after. */
export type RefKind =
  | "user"
  | "organisation"
  | "relationship"
  | "chain"
  | "metric"
  | "membership"
  | "api_token"
  | "assessment"
  | "development_action"
  | "decision"
  | "sharing_grant";

/** Fields of before/after that hold the id of a record, and what kind of record. */
export const ID_FIELDS: Record<string, RefKind> = {
  userId: "user",
  ownerUserId: "user",
  grantedByUserId: "user",
  createdByUserId: "user",
  assessorUserId: "user",
  organisationId: "organisation",
  ownerOrganisationId: "organisation",
  grantorOrganisationId: "organisation",
  granteeOrganisationId: "organisation",
  providerId: "organisation",
  customerId: "organisation",
  focalOrganisationId: "organisation",
  relationshipId: "relationship",
  chainId: "chain",
  metricId: "metric",
};
