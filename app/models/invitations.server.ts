/**
 * Invitations of new contacts to assess in a round
 * (docs/decisions/0020-round-invitations.md). An invitation makes an account
 * only in the invitee's own organisation, with no membership: just an
 * assessor scope per invited relationship, for that organisation's side.
 * Into the opener's own organisation, by its org_admin, it goes out at once;
 * any other waits for an org_admin of the invitee organisation (or a platform
 * administrator) to approve it. Only the SHA-256 of the link's 256-bit token
 * is stored; the link lasts a week and works once.
 */
import { hashOneTimeToken, isPlausibleOneTimeToken, newOneTimeToken } from "../security/one-time-token.server";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { assessmentRounds, assessorScopes, invitations, memberships, organisations, relationships, roundAssessors, users } from "../../db/tables";
import { asc } from "../../db/dialect";
import { changedRows, db, writeTransaction, type PortalDatabase } from "../db.server";
import { INVITATION_LINK_DAYS } from "../domain/rounds";
import { formatDate } from "../i18n/format";
import { translator } from "../i18n/i18n.server";
import type { Locale } from "../i18n/locale";
import { renderEmail } from "../mail/render";
import { publicLink } from "../http/public-url.server";
import { passwordProblem } from "../security/password-policy.server";
import { denyAccess, isOrganisationAdmin } from "./access.server";
import { audit } from "./audit.server";
import { notify } from "./notifications.server";
import { enqueueEmail } from "./outbox.server";
import { hashPassword } from "./password.server";
import { FORM, ok, refused, type Result } from "./result";
import { normaliseEmail, type ActingUser } from "./user.server";
import { customer, provider } from "./visible-relationships.server";
import { lockKey } from "./write-guards.server";

const inviter = alias(users, "inviter");
const inviterOrganisation = alias(organisations, "inviter_organisation");

/** The org_admins who decide on invitations into `organisationId`; platform administrators when it has none. */
async function approversOf(organisationId: number): Promise<number[]> {
  const admins = await db()
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "org_admin"), isNull(users.disabledAt)))
    .all();
  if (admins.length > 0) return admins.map((a) => a.id);
  return (
    await db()
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.isPlatformAdmin, true), isNull(users.disabledAt)))
      .all()
  ).map((a) => a.id);
}

/** The relationships an invitation asks its invitee to assess, by name. */
async function invitedRelationships(invitationId: number) {
  return await db()
    .select({
      id: relationships.id,
      side: roundAssessors.side,
      serviceName: relationships.serviceName,
      providerName: provider.name,
      customerName: customer.name,
    })
    .from(roundAssessors)
    .innerJoin(relationships, eq(relationships.id, roundAssessors.relationshipId))
    .innerJoin(provider, eq(provider.id, relationships.providerId))
    .innerJoin(customer, eq(customer.id, relationships.customerId))
    .where(eq(roundAssessors.invitationId, invitationId))
    .orderBy(asc(relationships.serviceName), asc(relationships.id))
    .all();
}

/** What the invitee is told: who invites, into which organisation, to assess what, by when. */
async function invitationStory(invitationId: number) {
  const row = await db()
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      locale: invitations.locale,
      organisationId: invitations.organisationId,
      organisationName: organisations.name,
      inviterName: inviter.name,
      inviterOrganisationName: inviterOrganisation.name,
      roundId: assessmentRounds.id,
      roundName: assessmentRounds.name,
      period: assessmentRounds.period,
      deadline: assessmentRounds.deadline,
      message: assessmentRounds.message,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedByUserId))
    .leftJoin(inviterOrganisation, eq(inviterOrganisation.id, invitations.invitedByOrganisationId))
    .leftJoin(assessmentRounds, eq(assessmentRounds.id, invitations.roundId))
    .where(eq(invitations.id, invitationId))
    .get();
  if (!row) return null;
  return { ...row, relationships: await invitedRelationships(invitationId) };
}

/**
 * Inside the caller's write transaction: gives an approved invitation its
 * link (the token exists only in the email) and writes that email to the outbox.
 */
export async function sendInvitation(tx: PortalDatabase, invitationId: number, approvedByUserId: number | null, now: Date): Promise<void> {
  const token = newOneTimeToken();
  const expiresAt = new Date(now.getTime() + INVITATION_LINK_DAYS * 86_400_000).toISOString();
  await tx
    .update(invitations)
    .set({ status: "sent", tokenHash: hashOneTimeToken(token), expiresAt, approvedByUserId, approvedAt: now.toISOString() })
    .where(eq(invitations.id, invitationId))
    .run();
  const story = (await invitationStory(invitationId))!;
  const locale = story.locale as Locale;
  const t = translator(locale);
  const relationshipsText = story.relationships.map((r) =>
    t("invitation.email.relationship", { service: r.serviceName, provider: r.providerName, customer: r.customerName }),
  );
  const paragraphs = [
    t("invitation.email.intro", {
      inviter: story.inviterName ?? t("invitation.someone"),
      inviterOrganisation: story.inviterOrganisationName ?? "",
      organisation: story.organisationName,
    }),
  ];
  if (story.deadline) paragraphs.push(t("invitation.email.deadline", { deadline: formatDate(locale, story.deadline) }));
  if (story.message) paragraphs.push(story.message);
  const email = renderEmail({
    subject: t("invitation.email.subject", { organisation: story.inviterOrganisationName ?? story.organisationName }),
    greeting: t("invitation.email.greeting", { name: story.name }),
    paragraphs,
    items: relationshipsText.map((text) => ({ text })),
    action: { label: t("invitation.email.action"), url: publicLink(`/invitations/${token}`) },
    footer: [t("invitation.email.footer", { date: formatDate(locale, expiresAt, "Europe/Helsinki") })],
  });
  await enqueueEmail({ ...email, to: story.email, recipientUserId: null, locale, category: "invitation", sensitive: true }, now);
}

export type NewInvitation = {
  organisationId: number;
  email: string;
  name: string;
  locale: Locale;
  roundId: number;
  period: string;
  deadline: string;
  targets: Array<{ relationshipId: number; side: "provider" | "customer" }>;
};

/**
 * Inside the round's write transaction: records one invitation and its
 * round_assessors rows, then sends it (own organisation, opener is its
 * org_admin) or asks the invitee organisation's admins to approve it.
 */
export async function createInvitation(
  user: ActingUser,
  openerOrganisationId: number,
  input: NewInvitation,
  now: Date,
): Promise<{ id: number; status: "sent" | "awaiting_approval" }> {
  const tx = db();
  const approvedAtOnce =
    input.organisationId === openerOrganisationId && user.memberships.some((m) => m.organisationId === openerOrganisationId && m.role === "org_admin");
  const row = await tx
    .insert(invitations)
    .values({
      organisationId: input.organisationId,
      email: normaliseEmail(input.email),
      name: input.name,
      locale: input.locale,
      roundId: input.roundId,
      status: "awaiting_approval",
      invitedByUserId: user.id,
      invitedByOrganisationId: openerOrganisationId,
      createdAt: now.toISOString(),
    })
    .returning({ id: invitations.id })
    .get();
  for (const target of input.targets) {
    await tx
      .insert(roundAssessors)
      .values({
        roundId: input.roundId,
        relationshipId: target.relationshipId,
        side: target.side,
        organisationId: input.organisationId,
        invitationId: row.id,
        createdAt: now.toISOString(),
      })
      .run();
  }
  if (approvedAtOnce) {
    await sendInvitation(tx, row.id, user.id, now);
  } else {
    await notify(
      {
        kind: "invitation_waiting",
        recipients: await approversOf(input.organisationId),
        actorUserId: user.id,
        // No roundId: the approvers are not in the round; the notification leads to /rounds/invitations.
        invitationId: row.id,
        params: { period: input.period, deadline: input.deadline },
        dedupeKey: `invitation:${row.id}:approval`,
      },
      now,
    );
  }
  await audit({
    action: approvedAtOnce ? "invitation.sent" : "invitation.requested",
    actorUserId: user.id,
    actorOrganisationId: openerOrganisationId,
    entityType: "invitation",
    entityId: row.id,
    after: { organisationId: input.organisationId, email: normaliseEmail(input.email), roundId: input.roundId, targets: input.targets },
  });
  return { id: row.id, status: approvedAtOnce ? "sent" : "awaiting_approval" };
}

// ------------------------------------------------------------- approval

export type PendingInvitation = {
  id: number;
  name: string;
  email: string;
  organisationName: string;
  inviterName: string | null;
  inviterOrganisationName: string | null;
  roundName: string | null;
  deadline: string | null;
  createdAt: string;
  relationships: Array<{ id: number; serviceName: string; providerName: string; customerName: string; side: "provider" | "customer" }>;
};

/** Organisations whose invitations the user decides on; null: all (a platform administrator). */
function approvableOrganisationIds(user: ActingUser): number[] | null {
  if (user.isPlatformAdmin) return null;
  return user.memberships.filter((m) => m.role === "org_admin").map((m) => m.organisationId);
}

export function mayApproveInvitations(user: ActingUser): boolean {
  const ids = approvableOrganisationIds(user);
  return ids === null || ids.length > 0;
}

/** Invitations waiting for the user's approval: into organisations they administer (every one, for a platform administrator). */
export async function pendingInvitations(user: ActingUser): Promise<PendingInvitation[]> {
  const orgIds = approvableOrganisationIds(user);
  if (orgIds !== null && orgIds.length === 0) return [];
  const rows = await db()
    .select({
      id: invitations.id,
      name: invitations.name,
      email: invitations.email,
      organisationName: organisations.name,
      inviterName: inviter.name,
      inviterOrganisationName: inviterOrganisation.name,
      roundName: assessmentRounds.name,
      deadline: assessmentRounds.deadline,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedByUserId))
    .leftJoin(inviterOrganisation, eq(inviterOrganisation.id, invitations.invitedByOrganisationId))
    .leftJoin(assessmentRounds, eq(assessmentRounds.id, invitations.roundId))
    .where(and(eq(invitations.status, "awaiting_approval"), orgIds === null ? undefined : inArray(invitations.organisationId, orgIds)))
    .orderBy(asc(invitations.createdAt), asc(invitations.id))
    .all();
  const out: PendingInvitation[] = [];
  for (const r of rows) out.push({ ...r, relationships: await invitedRelationships(r.id) });
  return out;
}

/**
 * Approves (sends) or declines an invitation waiting for approval. Only an
 * org_admin of the invitee organisation or a platform administrator may:
 * anyone else, and an invitation no longer waiting, gets a 404.
 */
export async function decideInvitation(user: ActingUser, invitationId: number, decision: "approve" | "decline", now = new Date()): Promise<void> {
  const row = await db()
    .select({ id: invitations.id, organisationId: invitations.organisationId, status: invitations.status })
    .from(invitations)
    .where(eq(invitations.id, invitationId))
    .get();
  if (!row || row.status !== "awaiting_approval" || !isOrganisationAdmin(user, row.organisationId)) return denyAccess(user, "invitation", invitationId);
  const decided = await writeTransaction(async (tx) => {
    // Only while still waiting: a second decision (another admin, a double click) changes nothing.
    const claimed = changedRows(
      await tx
        .update(invitations)
        .set({ status: decision === "approve" ? "sent" : "declined", approvedByUserId: user.id, approvedAt: now.toISOString() })
        .where(and(eq(invitations.id, row.id), eq(invitations.status, "awaiting_approval")))
        .run(),
    );
    if (claimed !== 1) return false;
    if (decision === "approve") await sendInvitation(tx, row.id, user.id, now);
    // A declined contact is no longer asked: the round's figures count only those who can answer.
    else await tx.delete(roundAssessors).where(eq(roundAssessors.invitationId, row.id)).run();
    await audit({
      action: decision === "approve" ? "invitation.approved" : "invitation.declined",
      actorUserId: user.id,
      actorOrganisationId: row.organisationId,
      entityType: "invitation",
      entityId: row.id,
    });
    return true;
  });
  if (!decided) return denyAccess(user, "invitation", invitationId);
}

// ------------------------------------------------------------- accepting

function findUsable(database: PortalDatabase, token: string, now: Date) {
  if (!isPlausibleOneTimeToken(token)) return undefined;
  return database
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      organisationId: invitations.organisationId,
      roundId: invitations.roundId,
      locale: invitations.locale,
    })
    .from(invitations)
    .where(and(eq(invitations.tokenHash, hashOneTimeToken(token)), eq(invitations.status, "sent"), gt(invitations.expiresAt, now.toISOString())))
    .get();
}

export type InvitationView = {
  email: string;
  name: string;
  organisationName: string;
  inviterName: string | null;
  inviterOrganisationName: string | null;
  roundName: string | null;
  period: string | null;
  deadline: string | null;
  message: string | null;
  relationships: Array<{ id: number; serviceName: string; providerName: string; customerName: string; side: "provider" | "customer" }>;
};

/** What a usable link invites to, or null when it is unknown, expired, used or withdrawn (all the same to the visitor). */
export async function invitationByToken(token: string, now = new Date()): Promise<InvitationView | null> {
  const found = await findUsable(db(), token, now);
  if (!found) return null;
  const story = (await invitationStory(found.id))!;
  return {
    email: story.email,
    name: story.name,
    organisationName: story.organisationName,
    inviterName: story.inviterName,
    inviterOrganisationName: story.inviterOrganisationName,
    roundName: story.roundName,
    period: story.period,
    deadline: story.deadline,
    message: story.message,
    relationships: story.relationships,
  };
}

export type AcceptOutcome = Result<{ userId: number; roundId: number | null; relationshipIds: number[] }>;

const unusableLink = () => refused(FORM, "invitation.invalid", 404);

/**
 * Accepts an invitation: creates the account (no membership), its assessor
 * scopes (the invited relationships, the invitee organisation's side only),
 * makes it the round's assessor in the invitation's place, and uses up the
 * link, all in one transaction. An address that already has an account is
 * refused: that person signs in, and an admin adds them.
 */
export async function acceptInvitation(
  token: string,
  input: { name: string; newPassword: string },
  ip: string | null = null,
  now = new Date(),
): Promise<AcceptOutcome> {
  const invitation = await findUsable(db(), token, now);
  if (!invitation) return unusableLink();
  const problem = passwordProblem(input.newPassword, { email: invitation.email, name: input.name });
  if (problem) return refused("newPassword", problem);
  // Hash outside the transaction: argon2 is slow and async.
  const passwordHash = await hashPassword(input.newPassword);
  return writeTransaction(async (tx): Promise<AcceptOutcome> => {
    await lockKey("user-email", invitation.email);
    if (!(await findUsable(tx, token, now))) return unusableLink();
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get();
    if (existing) return refused(FORM, "invitation.accountExists", 409);
    const iso = now.toISOString();
    // Only while still unused: a concurrent use of the same link that committed first leaves nothing to claim.
    const claimed = changedRows(
      await tx
        .update(invitations)
        .set({ status: "accepted", acceptedAt: iso })
        .where(and(eq(invitations.id, invitation.id), eq(invitations.status, "sent")))
        .run(),
    );
    if (claimed !== 1) return unusableLink();
    const created = await tx
      .insert(users)
      .values({ email: invitation.email, name: input.name, passwordHash, locale: invitation.locale, passwordChangedAt: iso, createdAt: iso })
      .returning({ id: users.id })
      .get();
    const targets = await tx
      .select({ relationshipId: roundAssessors.relationshipId, side: roundAssessors.side, organisationId: roundAssessors.organisationId })
      .from(roundAssessors)
      .where(eq(roundAssessors.invitationId, invitation.id))
      .all();
    const scopes = new Map<number, (typeof targets)[number]>();
    // Never more than the invitee organisation's side: a row of another organisation (none is written so) gives nothing.
    for (const t of targets) if (t.organisationId === invitation.organisationId) scopes.set(t.relationshipId, t);
    for (const s of scopes.values()) {
      await tx
        .insert(assessorScopes)
        .values({
          userId: created.id,
          relationshipId: s.relationshipId,
          organisationId: s.organisationId,
          side: s.side,
          invitationId: invitation.id,
          createdAt: iso,
        })
        .onConflictDoNothing()
        .run();
    }
    await tx.update(roundAssessors).set({ userId: created.id }).where(eq(roundAssessors.invitationId, invitation.id)).run();
    await tx.update(invitations).set({ acceptedUserId: created.id }).where(eq(invitations.id, invitation.id)).run();
    await audit({
      action: "invitation.accepted",
      actorUserId: created.id,
      actorOrganisationId: invitation.organisationId,
      entityType: "invitation",
      entityId: invitation.id,
      after: { userId: created.id, relationships: [...scopes.keys()] },
      ip,
    });
    return ok({ userId: created.id, roundId: invitation.roundId, relationshipIds: [...scopes.keys()] });
  });
}
