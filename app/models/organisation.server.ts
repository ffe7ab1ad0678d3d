/**
 * Organisations, as the platform administrator manages them. Every function
 * takes the acting user and refuses anyone but a platform administrator, so
 * a route that forgot its check still cannot leak or change anything.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { asc } from "../../db/dialect";
import { chains, memberships, organisationEmailDomains, organisations, relationships } from "../../db/tables";
import { db, type PortalDatabase } from "../db.server";
import type { SizeClass } from "../domain/factors";
import { isStartup, sizeClassFrom } from "../domain/size-class";
import type { OrganisationInput } from "../forms/admin-organisation";
import { notFound } from "./access.server";
import { denyAdmin } from "./admin-access.server";
import { changedFields } from "./admin-changes.server";
import { audit } from "./audit.server";
import { calendarNow, type ActingUser } from "./user.server";
import { activeImportanceModel } from "./scoring.server";
import { refused, type Result } from "./result";
import { writeTransactionRecheckingDuplicates } from "./write-guards.server";

async function assertPlatformAdmin(user: ActingUser, entityId: unknown = "organisations"): Promise<void> {
  if (!user.isPlatformAdmin) await denyAdmin(user, "organisation", entityId);
}

export type OrganisationRow = {
  id: number;
  name: string;
  businessId: string | null;
  headcount: number | null;
  turnoverEur: number | null;
  balanceSheetEur: number | null;
  sizeClass: SizeClass | null;
  sizeClassManual: boolean;
  foundedYear: number | null;
  city: string | null;
  description: string | null;
};

export type OrganisationListItem = OrganisationRow & {
  /** The class the figures give (whatever the stored one is). */
  computedSizeClass: SizeClass | null;
  startup: boolean;
  memberCount: number;
  relationshipCount: number;
};

const columns = {
  id: organisations.id,
  name: organisations.name,
  businessId: organisations.businessId,
  headcount: organisations.headcount,
  turnoverEur: organisations.turnoverEur,
  balanceSheetEur: organisations.balanceSheetEur,
  sizeClass: organisations.sizeClass,
  sizeClassManual: organisations.sizeClassManual,
  foundedYear: organisations.foundedYear,
  city: organisations.city,
  description: organisations.description,
};

function computedSizeClass(row: Pick<OrganisationRow, "headcount" | "turnoverEur" | "balanceSheetEur">): SizeClass | null {
  return sizeClassFrom({ headcount: row.headcount, turnoverEur: row.turnoverEur, balanceSheetEur: row.balanceSheetEur });
}

export async function listOrganisations(user: ActingUser, asOf = calendarNow(user)): Promise<OrganisationListItem[]> {
  await assertPlatformAdmin(user);
  const rows = await db()
    .select({
      ...columns,
      memberCount: sql<number>`(select count(*) from ${memberships} where ${memberships.organisationId} = ${organisations.id})`,
      relationshipCount: sql<number>`(select count(*) from ${relationships} where ${relationships.providerId} = ${organisations.id} or ${relationships.customerId} = ${organisations.id})`,
    })
    .from(organisations)
    .orderBy(asc(organisations.name))
    .all();
  // The start-up age is part of the scoring model version in use.
  const { startupYears } = await activeImportanceModel();
  return rows.map((r) => ({ ...r, computedSizeClass: computedSizeClass(r), startup: isStartup(r.foundedYear, asOf, startupYears) }));
}

/** Names and ids only, for selects (chains, people). */
export async function organisationOptions(user: ActingUser): Promise<Array<{ id: number; name: string }>> {
  await assertPlatformAdmin(user);
  return await db().select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)).all();
}

export async function getOrganisation(user: ActingUser, id: number, asOf = calendarNow(user)) {
  await assertPlatformAdmin(user, id);
  const row = await db().select(columns).from(organisations).where(eq(organisations.id, id)).get();
  if (!row) notFound("Organisation not found");
  const focalChains = await db().select({ id: chains.id, name: chains.name }).from(chains).where(eq(chains.focalOrganisationId, id)).all();
  return {
    ...row,
    computedSizeClass: computedSizeClass(row),
    startup: isStartup(row.foundedYear, asOf, (await activeImportanceModel()).startupYears),
    focalChains,
    emailDomains: await emailDomainsOf(db(), id),
  };
}

async function emailDomainsOf(database: PortalDatabase, organisationId: number): Promise<string[]> {
  return (
    await database
      .select({ domain: organisationEmailDomains.domain })
      .from(organisationEmailDomains)
      .where(eq(organisationEmailDomains.organisationId, organisationId))
      .orderBy(asc(organisationEmailDomains.domain))
      .all()
  ).map((r) => r.domain);
}

/** Domains of the list that another organisation already owns. */
async function domainsOwnedElsewhere(database: PortalDatabase, domains: string[], organisationId?: number): Promise<string[]> {
  if (domains.length === 0) return [];
  return (
    await database
      .select({ domain: organisationEmailDomains.domain, organisationId: organisationEmailDomains.organisationId })
      .from(organisationEmailDomains)
      .where(inArray(organisationEmailDomains.domain, domains))
      .all()
  )
    .filter((r) => r.organisationId !== organisationId)
    .map((r) => r.domain);
}

/** Replaces the organisation's email domains, audited when they change. */
async function saveEmailDomains(tx: PortalDatabase, user: ActingUser, organisationId: number, domains: string[], ip?: string | null): Promise<void> {
  const before = await emailDomainsOf(tx, organisationId);
  if (before.join(",") === domains.join(",")) return;
  await tx.delete(organisationEmailDomains).where(eq(organisationEmailDomains.organisationId, organisationId)).run();
  if (domains.length > 0)
    await tx
      .insert(organisationEmailDomains)
      .values(domains.map((domain) => ({ organisationId, domain })))
      .run();
  await audit({
    action: "organisation.update",
    actorUserId: user.id,
    entityType: "organisation",
    entityId: organisationId,
    before: { emailDomains: before },
    after: { emailDomains: domains },
    ip,
  });
}

export type SaveResult = Result<{ id: number }>;

/** The stored values for the input: the size class is computed from the figures unless set by hand. */
function valuesFrom(input: OrganisationInput) {
  const manual = input.sizeClassManual && input.sizeClass !== undefined;
  return {
    name: input.name,
    businessId: input.businessId,
    headcount: input.headcount,
    turnoverEur: input.turnoverEur,
    balanceSheetEur: input.balanceSheetEur,
    sizeClass: manual ? input.sizeClass! : computedSizeClass(input),
    sizeClassManual: manual,
    foundedYear: input.foundedYear,
    city: input.city,
    description: input.description,
  };
}

async function businessIdTaken(businessId: string | null, exceptId?: number): Promise<boolean> {
  if (!businessId) return false;
  const other = await db().select({ id: organisations.id }).from(organisations).where(eq(organisations.businessId, businessId)).get();
  return other !== undefined && other.id !== exceptId;
}

export async function createOrganisation(user: ActingUser, input: OrganisationInput, ip?: string | null): Promise<SaveResult> {
  await assertPlatformAdmin(user);
  const values = valuesFrom(input);
  // organisations_business_id_unique and organisation_email_domains_domain_unique back the checks.
  return await writeTransactionRecheckingDuplicates(async (tx): Promise<SaveResult> => {
    if (await businessIdTaken(values.businessId)) return refused("businessId", "admin.org.businessIdTaken");
    if ((await domainsOwnedElsewhere(tx, input.emailDomains)).length > 0) return refused("emailDomains", "admin.org.emailDomainTaken");
    const { id } = await tx.insert(organisations).values(values).returning({ id: organisations.id }).get();
    await audit({ action: "organisation.create", actorUserId: user.id, entityType: "organisation", entityId: id, after: values, ip });
    await saveEmailDomains(tx, user, id, input.emailDomains, ip);
    return { ok: true, id };
  });
}

export async function updateOrganisation(user: ActingUser, id: number, input: OrganisationInput, ip?: string | null): Promise<SaveResult> {
  await assertPlatformAdmin(user, id);
  const values = valuesFrom(input);
  return await writeTransactionRecheckingDuplicates(async (tx): Promise<SaveResult> => {
    const before = await tx.select(columns).from(organisations).where(eq(organisations.id, id)).get();
    if (!before) notFound("Organisation not found");
    if (await businessIdTaken(values.businessId, id)) return refused("businessId", "admin.org.businessIdTaken");
    if ((await domainsOwnedElsewhere(tx, input.emailDomains, id)).length > 0) return refused("emailDomains", "admin.org.emailDomainTaken");
    await tx
      .update(organisations)
      .set({ ...values, updatedAt: new Date().toISOString() })
      .where(eq(organisations.id, id))
      .run();
    const change = changedFields(before, values);
    if (change) await audit({ action: "organisation.update", actorUserId: user.id, entityType: "organisation", entityId: id, ...change, ip });
    await saveEmailDomains(tx, user, id, input.emailDomains, ip);
    return { ok: true, id };
  });
}
