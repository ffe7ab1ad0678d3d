/**
 * Assessment rounds: an organisation asks the parties of a set of its
 * relationships to assess a quarter by a deadline. Opening writes the round,
 * its relationships, its assessors, the invitations of new contacts and the
 * assessors' notifications in one transaction. The round page counts who has
 * answered; closing freezes those figures.
 */
import { and, count, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  assessmentRounds,
  assessments,
  chains,
  invitations,
  memberships,
  organisations,
  relationships,
  roundAssessors,
  roundRelationships,
  users,
} from "../../db/tables";
import { asc, desc } from "../../db/dialect";
import { changedRows, db, writeTransaction } from "../db.server";
import type { Diversity, LifecycleStage, Maturity, SizeClass } from "../domain/factors";
import { effectiveMaturity } from "../domain/maturity";
import type { InvitationStatus } from "../domain/notification-kinds";
import { compareQuarter, quarterOf } from "../domain/period";
import {
  deadlineProblem,
  parseAssessorChoice,
  parseTarget,
  roundFigures,
  roundToday,
  type AssessorEntry,
  type AssessorStatus,
  type RoundFigures,
} from "../domain/rounds";
import { wallClock } from "../domain/time-zone";
import type { OpenRoundInput, RoundFilter } from "../forms/rounds";
import type { Locale } from "../i18n/locale";
import { canWriteFor, denyAccess, memberOrganisationIds, visibleChainCondition } from "./access.server";
import { audit } from "./audit.server";
import { createInvitation } from "./invitations.server";
import { organisationOwnsAddress } from "./people.server";
import { notify } from "./notifications.server";
import { ok, refused, type Result } from "./result";
import type { ActingUser } from "./user.server";
import { customer, provider, visibleRelationships } from "./visible-relationships.server";

const WRITER_ROLES = ["org_admin", "staff"] as const;
type Side = "provider" | "customer";

/** Organisations the user may open a round for: where they are org_admin or staff. */
export function roundOpeners(user: ActingUser): Array<{ id: number; name: string }> {
  return user.memberships.filter((m) => canWriteFor(user, m.organisationId)).map((m) => ({ id: m.organisationId, name: m.organisationName }));
}

/** The quarter rounds are opened for by default, and the newest allowed: the current one in Helsinki. */
export function currentRoundQuarter(now: Date): string {
  return quarterOf(wallClock(now, "Europe/Helsinki"));
}

// ------------------------------------------------------------- the draft

export type CandidateRelationship = {
  id: number;
  serviceName: string;
  providerId: number;
  providerName: string;
  customerId: number;
  customerName: string;
  stage: LifecycleStage;
  maturity: Maturity;
  diversity: Diversity;
  providerSizeClass: SizeClass | null;
  /** Members who may assess for each side (org_admin and staff), all ticked by default. */
  assessors: Record<Side, Array<{ id: number; name: string }>>;
};

export type RoundDraft = {
  openers: Array<{ id: number; name: string }>;
  organisationId: number | null;
  chains: Array<{ id: number; name: string }>;
  chainId: number | null;
  chainName: string | null;
  relationships: CandidateRelationship[];
  defaultPeriod: string;
};

/** The writer members of these organisations, by organisation. */
async function writerMembers(organisationIds: number[]): Promise<Map<number, Array<{ id: number; name: string }>>> {
  const out = new Map<number, Array<{ id: number; name: string }>>();
  if (organisationIds.length === 0) return out;
  const rows = await db()
    .select({ organisationId: memberships.organisationId, id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.organisationId, organisationIds), inArray(memberships.role, [...WRITER_ROLES]), isNull(users.disabledAt)))
    .orderBy(asc(users.name), asc(users.id))
    .all();
  for (const r of rows) {
    const list = out.get(r.organisationId) ?? [];
    list.push({ id: r.id, name: r.name });
    out.set(r.organisationId, list);
  }
  return out;
}

/**
 * The relationships of `chainId` that `organisationId` may ask about: those
 * the user sees where the organisation is a party or the chain's focal
 * company, narrowed by the filters. The chain must be one the user may open.
 */
async function candidates(user: ActingUser, organisationId: number, chainId: number, filter: RoundFilter, now: Date): Promise<CandidateRelationship[] | null> {
  const chain = await db()
    .select({ id: chains.id })
    .from(chains)
    .where(and(eq(chains.id, chainId), visibleChainCondition(user)))
    .get();
  if (!chain) return null;
  const rows = await visibleRelationships(user)
    .rows(
      eq(relationships.chainId, chainId),
      or(eq(relationships.providerId, organisationId), eq(relationships.customerId, organisationId), eq(chains.focalOrganisationId, organisationId)),
      filter.stage ? eq(relationships.lifecycleStage, filter.stage) : undefined,
      filter.diversity ? eq(relationships.diversity, filter.diversity) : undefined,
      filter.sizeClass ? eq(provider.sizeClass, filter.sizeClass) : undefined,
    )
    .orderBy(asc(relationships.serviceName), asc(relationships.id))
    .all();
  const asOf = wallClock(now, "Europe/Helsinki");
  const withMaturity = rows
    .map((r) => ({ ...r, maturity: effectiveMaturity(r.startDate, r.maturityOverride, asOf) }))
    .filter((r) => !filter.maturity || r.maturity === filter.maturity);
  const members = await writerMembers([...new Set(withMaturity.flatMap((r) => [r.providerId, r.customerId]))]);
  return withMaturity.map((r) => ({
    id: r.id,
    serviceName: r.serviceName,
    providerId: r.providerId,
    providerName: r.providerName,
    customerId: r.customerId,
    customerName: r.customerName,
    stage: r.stage,
    maturity: r.maturity,
    diversity: r.diversity,
    providerSizeClass: r.providerSizeClass,
    assessors: { provider: members.get(r.providerId) ?? [], customer: members.get(r.customerId) ?? [] },
  }));
}

/** The /rounds/new page: the organisations and chains to choose from and, once chosen, the relationships that qualify. */
export async function getRoundDraft(user: ActingUser, filter: RoundFilter, now = new Date()): Promise<RoundDraft> {
  const openers = roundOpeners(user);
  const organisationId = filter.organisationId ?? openers[0]?.id ?? null;
  if (organisationId !== null && !openers.some((o) => o.id === organisationId)) return denyAccess(user, "organisation", organisationId);
  const visibleChains = await db().select({ id: chains.id, name: chains.name }).from(chains).where(visibleChainCondition(user)).orderBy(asc(chains.name)).all();
  const chainId = filter.chainId ?? (visibleChains.length === 1 ? visibleChains[0].id : null);
  let list: CandidateRelationship[] = [];
  if (organisationId !== null && chainId !== null) {
    const found = await candidates(user, organisationId, chainId, filter, now);
    if (!found) return denyAccess(user, "chain", chainId);
    list = found;
  }
  return {
    openers,
    organisationId,
    chains: visibleChains,
    chainId,
    chainName: visibleChains.find((c) => c.id === chainId)?.name ?? null,
    relationships: list,
    defaultPeriod: currentRoundQuarter(now),
  };
}

// ------------------------------------------------------------- opening

export type OpenRoundOutcome = Result<{ roundId: number }>;

/**
 * Opens a round. Every id must be the opener's to use (their organisation, a
 * chain they see, relationships that qualify): anything else is a 404 and
 * nothing is written. Bad input is a 400 naming the field.
 */
export async function openRound(user: ActingUser, input: OpenRoundInput, now = new Date()): Promise<OpenRoundOutcome> {
  if (!roundOpeners(user).some((o) => o.id === input.organisationId)) return denyAccess(user, "organisation", input.organisationId);
  const qualifying = await candidates(user, input.organisationId, input.chainId, {}, now);
  if (!qualifying) return denyAccess(user, "chain", input.chainId);
  const byId = new Map(qualifying.map((r) => [r.id, r]));
  const chosen = [...new Set(input.relationships)];
  for (const id of chosen) if (!byId.has(id)) return denyAccess(user, "relationship", id);

  if (compareQuarter(input.period, currentRoundQuarter(now)) > 0) return refused("period", "rounds.error.periodFuture");
  const deadline = deadlineProblem(input.deadline, now);
  if (deadline === "format") return refused("deadline", "rounds.error.deadlineFormat");
  if (deadline === "not_future") return refused("deadline", "rounds.error.deadlineNotFuture");

  const partyOf = (relationshipId: number, side: Side) => (side === "provider" ? byId.get(relationshipId)!.providerId : byId.get(relationshipId)!.customerId);
  const asked = new Map<string, { relationshipId: number; side: Side; userId: number }>();
  for (const value of input.assessors) {
    const a = parseAssessorChoice(value);
    // Ticks under a relationship left out of the round are ignored, as the page shows them.
    if (!chosen.includes(a.relationshipId)) continue;
    if (!byId.get(a.relationshipId)!.assessors[a.side].some((m) => m.id === a.userId)) return refused("assessors", "rounds.error.invalidAssessor");
    asked.set(`${a.relationshipId}:${a.side}:${a.userId}`, a);
  }

  // New contacts: one invitation per organisation and address, for every relationship side it was entered under.
  const invited = new Map<
    string,
    { organisationId: number; email: string; name: string; locale: Locale; targets: Array<{ relationshipId: number; side: Side }> }
  >();
  for (const [index, entry] of input.invites.entries()) {
    if (!entry.email || !entry.name) continue;
    const target = parseTarget(entry.target);
    if (!byId.has(target.relationshipId)) return denyAccess(user, "relationship", target.relationshipId);
    if (!chosen.includes(target.relationshipId)) return refused(`invites[${index}].email`, "rounds.error.inviteNotChosen");
    const organisationId = partyOf(target.relationshipId, target.side);
    if (!(await organisationOwnsAddress(organisationId, entry.email))) return refused(`invites[${index}].email`, "rounds.error.inviteDomain");
    const key = `${organisationId}:${entry.email}`;
    const invitation = invited.get(key) ?? { organisationId, email: entry.email, name: entry.name, locale: entry.locale, targets: [] };
    if (!invitation.targets.some((t) => t.relationshipId === target.relationshipId && t.side === target.side)) invitation.targets.push(target);
    invited.set(key, invitation);
  }
  if (asked.size === 0 && invited.size === 0) return refused("assessors", "rounds.error.noAssessors");

  const chainName = (await db().select({ name: chains.name }).from(chains).where(eq(chains.id, input.chainId)).get())!.name;
  const name = input.name || `${chainName} ${input.period}`;
  return await writeTransaction(async (tx): Promise<OpenRoundOutcome> => {
    const iso = now.toISOString();
    const round = await tx
      .insert(assessmentRounds)
      .values({
        organisationId: input.organisationId,
        name,
        period: input.period,
        deadline: input.deadline,
        message: input.message || null,
        status: "open",
        createdByUserId: user.id,
        createdAt: iso,
      })
      .returning({ id: assessmentRounds.id })
      .get();
    for (const relationshipId of chosen) await tx.insert(roundRelationships).values({ roundId: round.id, relationshipId }).run();
    for (const a of asked.values()) {
      await tx
        .insert(roundAssessors)
        .values({
          roundId: round.id,
          relationshipId: a.relationshipId,
          side: a.side,
          organisationId: partyOf(a.relationshipId, a.side),
          userId: a.userId,
          createdAt: iso,
        })
        .run();
    }
    const invitationIds: number[] = [];
    for (const inv of invited.values()) {
      const created = await createInvitation(user, input.organisationId, { ...inv, roundId: round.id, period: input.period, deadline: input.deadline }, now);
      invitationIds.push(created.id);
    }
    // Each relationship side's assessors hear of it once: the dedupe key is the side's.
    const bySide = new Map<string, { relationshipId: number; side: Side; userIds: number[] }>();
    for (const a of asked.values()) {
      const key = `${a.relationshipId}:${a.side}`;
      const entry = bySide.get(key) ?? { relationshipId: a.relationshipId, side: a.side, userIds: [] };
      entry.userIds.push(a.userId);
      bySide.set(key, entry);
    }
    for (const s of bySide.values()) {
      await notify(
        {
          kind: "invitation_waiting",
          recipients: s.userIds,
          actorUserId: user.id,
          roundId: round.id,
          relationshipId: s.relationshipId,
          params: { period: input.period, deadline: input.deadline },
          dedupeKey: `round:${round.id}:invited:${s.relationshipId}:${s.side}`,
        },
        now,
      );
    }
    await audit({
      action: "round.opened",
      actorUserId: user.id,
      actorOrganisationId: input.organisationId,
      entityType: "assessment_round",
      entityId: round.id,
      after: { name, period: input.period, deadline: input.deadline, relationships: chosen, assessors: [...asked.keys()], invitations: invitationIds },
    });
    return ok({ roundId: round.id });
  });
}

// ------------------------------------------------------------- list

export type RoundListItem = {
  id: number;
  name: string;
  period: string;
  deadline: string;
  status: "open" | "closed";
  organisationName: string;
  /** Owner: a member of the organisation that runs it; assessor: asked to answer in it. */
  role: "owner" | "assessor";
  submitted: number;
  asked: number;
};

/** Rounds of the user's organisations, and rounds they are asked to assess in (every round, for a platform administrator). */
export async function listRounds(user: ActingUser): Promise<RoundListItem[]> {
  const orgIds = memberOrganisationIds(user);
  const mine = db().select({ id: roundAssessors.roundId }).from(roundAssessors).where(eq(roundAssessors.userId, user.id));
  const where = user.isPlatformAdmin
    ? undefined
    : or(orgIds.length > 0 ? inArray(assessmentRounds.organisationId, orgIds) : sql`0 = 1`, inArray(assessmentRounds.id, mine));
  const rows = await db()
    .select({
      id: assessmentRounds.id,
      name: assessmentRounds.name,
      period: assessmentRounds.period,
      deadline: assessmentRounds.deadline,
      status: assessmentRounds.status,
      organisationId: assessmentRounds.organisationId,
      organisationName: organisations.name,
      frozenSummary: assessmentRounds.frozenSummary,
    })
    .from(assessmentRounds)
    .innerJoin(organisations, eq(organisations.id, assessmentRounds.organisationId))
    .where(where)
    .orderBy(desc(assessmentRounds.createdAt), desc(assessmentRounds.id))
    .all();
  const owned = rows.filter((r) => user.isPlatformAdmin || orgIds.includes(r.organisationId));
  const rates = await liveRates(owned.filter((r) => r.status === "open").map((r) => r.id));
  return rows.map((r) => {
    const isOwner = user.isPlatformAdmin || orgIds.includes(r.organisationId);
    const frozen = r.frozenSummary ? (JSON.parse(r.frozenSummary) as RoundFigures).total : null;
    const rate = isOwner ? (frozen ?? rates.get(r.id) ?? { submitted: 0, asked: 0 }) : { submitted: 0, asked: 0 };
    return {
      id: r.id,
      name: r.name,
      period: r.period,
      deadline: r.deadline,
      status: r.status,
      organisationName: r.organisationName,
      role: isOwner ? "owner" : "assessor",
      ...rate,
    };
  });
}

const submittedOwn = alias(assessments, "submitted_own");
/** Joins a round's asked assessor to their own submitted assessment of the round's side and quarter. */
const ownSubmission = and(
  eq(submittedOwn.relationshipId, roundAssessors.relationshipId),
  eq(submittedOwn.side, roundAssessors.side),
  eq(submittedOwn.period, assessmentRounds.period),
  eq(submittedOwn.assessorUserId, roundAssessors.userId),
  eq(submittedOwn.status, "submitted"),
)!;

/** Asked assessors and those who have submitted, per open round, in one grouped read. */
async function liveRates(roundIds: number[]): Promise<Map<number, { submitted: number; asked: number }>> {
  if (roundIds.length === 0) return new Map();
  const rows = await db()
    .select({ roundId: roundAssessors.roundId, asked: count(roundAssessors.id), submitted: count(submittedOwn.id) })
    .from(roundAssessors)
    .innerJoin(assessmentRounds, eq(assessmentRounds.id, roundAssessors.roundId))
    .leftJoin(submittedOwn, ownSubmission)
    .where(inArray(roundAssessors.roundId, roundIds))
    .groupBy(roundAssessors.roundId)
    .all();
  return new Map(rows.map((r) => [r.roundId, { submitted: Number(r.submitted), asked: Number(r.asked) }]));
}

// ------------------------------------------------------------- one round

const invitee = alias(invitations, "invitee");
const partyOrganisation = alias(organisations, "party_organisation");

/** Each asked assessor of a round with their own assessment of its quarter. */
async function assessorEntries(roundId: number, period: string): Promise<AssessorEntry[]> {
  const rows = await db()
    .select({
      relationshipId: roundAssessors.relationshipId,
      side: roundAssessors.side,
      organisationId: roundAssessors.organisationId,
      organisationName: partyOrganisation.name,
      userId: roundAssessors.userId,
      userName: users.name,
      invitationId: roundAssessors.invitationId,
      invitationName: invitee.name,
      assessmentStatus: assessments.status,
      submittedAt: assessments.submittedAt,
    })
    .from(roundAssessors)
    .innerJoin(partyOrganisation, eq(partyOrganisation.id, roundAssessors.organisationId))
    .leftJoin(users, eq(users.id, roundAssessors.userId))
    .leftJoin(invitee, eq(invitee.id, roundAssessors.invitationId))
    .leftJoin(
      assessments,
      and(
        eq(assessments.relationshipId, roundAssessors.relationshipId),
        eq(assessments.side, roundAssessors.side),
        eq(assessments.period, period),
        eq(assessments.assessorUserId, roundAssessors.userId),
      ),
    )
    .where(eq(roundAssessors.roundId, roundId))
    .orderBy(asc(partyOrganisation.name), asc(roundAssessors.relationshipId), asc(roundAssessors.id))
    .all();
  return rows.map((r) => ({
    relationshipId: r.relationshipId,
    side: r.side,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    userId: r.userId,
    name: r.userName ?? r.invitationName ?? "",
    invitationId: r.invitationId,
    assessment: r.assessmentStatus ? { status: r.assessmentStatus, submittedAt: r.submittedAt } : null,
  }));
}

type RoundRow = {
  id: number;
  organisationId: number;
  organisationName: string;
  name: string;
  period: string;
  deadline: string;
  message: string | null;
  status: "open" | "closed";
  closedAt: string | null;
  frozenSummary: string | null;
};

async function roundRow(roundId: number): Promise<RoundRow | undefined> {
  return await db()
    .select({
      id: assessmentRounds.id,
      organisationId: assessmentRounds.organisationId,
      organisationName: organisations.name,
      name: assessmentRounds.name,
      period: assessmentRounds.period,
      deadline: assessmentRounds.deadline,
      message: assessmentRounds.message,
      status: assessmentRounds.status,
      closedAt: assessmentRounds.closedAt,
      frozenSummary: assessmentRounds.frozenSummary,
    })
    .from(assessmentRounds)
    .innerJoin(organisations, eq(organisations.id, assessmentRounds.organisationId))
    .where(eq(assessmentRounds.id, roundId))
    .get();
}

type RelationshipName = { id: number; serviceName: string; providerName: string; customerName: string };

async function relationshipNames(ids: number[]): Promise<Map<number, RelationshipName>> {
  if (ids.length === 0) return new Map();
  const rows = await db()
    .select({ id: relationships.id, serviceName: relationships.serviceName, providerName: provider.name, customerName: customer.name })
    .from(relationships)
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .where(inArray(relationships.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

export type RoundHeader = Pick<RoundRow, "id" | "name" | "period" | "deadline" | "message" | "status" | "closedAt" | "organisationName">;

export type OwnerRoundView = {
  view: "owner";
  round: RoundHeader;
  canClose: boolean;
  /** The figures as frozen at closing, or live while the round is open. */
  frozen: boolean;
  figures: RoundFigures;
  relationships: RelationshipName[];
  invitations: Array<{ id: number; name: string; email: string; organisationName: string; status: InvitationStatus; acceptedAt: string | null }>;
};

export type AssessorRoundView = {
  view: "assessor";
  round: RoundHeader;
  mine: Array<RelationshipName & { side: Side; status: AssessorStatus }>;
};

/** Whether the user owns the round's figures: a member of the organisation running it, or a platform administrator. */
function ownsRound(user: ActingUser, round: Pick<RoundRow, "organisationId">): boolean {
  return user.isPlatformAdmin || memberOrganisationIds(user).includes(round.organisationId);
}

/**
 * A round as the user may see it: the running organisation's members see
 * every figure; an asked assessor sees only their own part. Anyone else
 * (and an unknown id) gets a 404.
 */
export async function getRound(user: ActingUser, roundId: number): Promise<OwnerRoundView | AssessorRoundView> {
  const round = await roundRow(roundId);
  if (!round) return denyAccess(user, "assessment_round", roundId);
  const header: RoundHeader = {
    id: round.id,
    name: round.name,
    period: round.period,
    deadline: round.deadline,
    message: round.message,
    status: round.status,
    closedAt: round.closedAt,
    organisationName: round.organisationName,
  };
  if (ownsRound(user, round)) {
    const frozen = round.frozenSummary !== null;
    const figures = frozen ? (JSON.parse(round.frozenSummary!) as RoundFigures) : roundFigures(await assessorEntries(round.id, round.period), round.deadline);
    const relationshipIds = (
      await db().select({ id: roundRelationships.relationshipId }).from(roundRelationships).where(eq(roundRelationships.roundId, round.id)).all()
    ).map((r) => r.id);
    const names = await relationshipNames(relationshipIds);
    const invitationRows = await db()
      .select({
        id: invitations.id,
        name: invitations.name,
        email: invitations.email,
        organisationName: organisations.name,
        status: invitations.status,
        acceptedAt: invitations.acceptedAt,
      })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
      .where(eq(invitations.roundId, round.id))
      .orderBy(asc(invitations.id))
      .all();
    return {
      view: "owner",
      round: header,
      canClose: round.status === "open" && canWriteFor(user, round.organisationId),
      frozen,
      figures,
      relationships: [...names.values()].sort((a, b) => a.serviceName.localeCompare(b.serviceName, "fi") || a.id - b.id),
      invitations: invitationRows,
    };
  }
  const entries = (await assessorEntries(round.id, round.period)).filter((e) => e.userId === user.id);
  if (entries.length === 0) return denyAccess(user, "assessment_round", roundId);
  const names = await relationshipNames(entries.map((e) => e.relationshipId));
  return {
    view: "assessor",
    round: header,
    mine: roundFigures(entries, round.deadline).assessors.map((a) => ({ ...names.get(a.relationshipId)!, side: a.side, status: a.status })),
  };
}

/** The round, when the user may manage it (its organisation's admins and staff): else 404 (not theirs) or 403 (a reader). */
export async function requireRoundManager(user: ActingUser, roundId: number) {
  const round = await roundRow(roundId);
  if (!round || !ownsRound(user, round)) return denyAccess(user, "assessment_round", roundId);
  if (!canWriteFor(user, round.organisationId)) throw new Response("Only the organisation's admins and staff close its rounds", { status: 403 });
  return round;
}

/**
 * Closes a round (the running organisation's org_admin or staff): its
 * figures are computed once more and kept, so a later answer does not move
 * them. A round already closed, or not the user's, is a 404.
 */
export async function closeRound(user: ActingUser, roundId: number, now = new Date()): Promise<void> {
  const round = await requireRoundManager(user, roundId);
  const closed = await writeTransaction(async (tx) => {
    const figures = roundFigures(await assessorEntries(round.id, round.period), round.deadline);
    const changed = changedRows(
      await tx
        .update(assessmentRounds)
        .set({ status: "closed", closedAt: now.toISOString(), closedByUserId: user.id, frozenSummary: JSON.stringify(figures) })
        .where(and(eq(assessmentRounds.id, round.id), eq(assessmentRounds.status, "open")))
        .run(),
    );
    if (changed !== 1) return false;
    await audit({
      action: "round.closed",
      actorUserId: user.id,
      actorOrganisationId: round.organisationId,
      entityType: "assessment_round",
      entityId: round.id,
      after: { total: figures.total, sides: figures.sides },
    });
    return true;
  });
  if (!closed) return denyAccess(user, "assessment_round", roundId);
}

/** The open rounds with their asked assessors (users only) who have not submitted: whom a reminder is for. */
export async function unansweredAssessors(today = roundToday(new Date())) {
  return await db()
    .select({
      roundId: assessmentRounds.id,
      period: assessmentRounds.period,
      deadline: assessmentRounds.deadline,
      relationshipId: roundAssessors.relationshipId,
      side: roundAssessors.side,
      userId: roundAssessors.userId,
    })
    .from(assessmentRounds)
    .innerJoin(roundAssessors, eq(roundAssessors.roundId, assessmentRounds.id))
    .leftJoin(submittedOwn, ownSubmission)
    .where(and(eq(assessmentRounds.status, "open"), sql`${assessmentRounds.deadline} >= ${today}`, isNotNull(roundAssessors.userId), isNull(submittedOwn.id)))
    .orderBy(asc(assessmentRounds.id), asc(roundAssessors.id))
    .all();
}
