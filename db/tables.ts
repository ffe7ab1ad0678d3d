/**
 * The tables the app queries, for the engine this process runs on
 * (db/engine.ts): db/schema.ts itself on SQLite, its derived twins
 * (db/schema-pg.ts) on PostgreSQL. Typed as the SQLite tables either way:
 * the model code is written once against drizzle's sqlite-core builders, and
 * on PostgreSQL the same calls build PostgreSQL queries (db/pg-compat.ts).
 */
import { databaseEngine } from "./engine";
import * as sqlite from "./schema";
import { pgTables } from "./schema-pg";

const onPostgres = databaseEngine() === "postgres";
const pick = <T>(name: string, table: T): T => (onPostgres ? (pgTables[name] as unknown as T) : table);

export const organisations = pick("organisations", sqlite.organisations);
export const organisationEmailDomains = pick("organisationEmailDomains", sqlite.organisationEmailDomains);
export const users = pick("users", sqlite.users);
export const memberships = pick("memberships", sqlite.memberships);
export const sessions = pick("sessions", sqlite.sessions);
export const passwordResetTokens = pick("passwordResetTokens", sqlite.passwordResetTokens);
export const apiTokens = pick("apiTokens", sqlite.apiTokens);
export const loginFailures = pick("loginFailures", sqlite.loginFailures);
export const chains = pick("chains", sqlite.chains);
export const relationships = pick("relationships", sqlite.relationships);
export const lifecycleEvents = pick("lifecycleEvents", sqlite.lifecycleEvents);
export const importanceModels = pick("importanceModels", sqlite.importanceModels);
export const importanceLevels = pick("importanceLevels", sqlite.importanceLevels);
export const assessments = pick("assessments", sqlite.assessments);
export const assessmentScores = pick("assessmentScores", sqlite.assessmentScores);
export const submittedScoreTotals = pick("submittedScoreTotals", sqlite.submittedScoreTotals);
export const metricDefinitions = pick("metricDefinitions", sqlite.metricDefinitions);
export const measurements = pick("measurements", sqlite.measurements);
export const measurementHistory = pick("measurementHistory", sqlite.measurementHistory);
export const sharingGrants = pick("sharingGrants", sqlite.sharingGrants);
export const visibleMetricCells = pick("visibleMetricCells", sqlite.visibleMetricCells);
export const metricImports = pick("metricImports", sqlite.metricImports);
export const stagedImports = pick("stagedImports", sqlite.stagedImports);
export const developmentActions = pick("developmentActions", sqlite.developmentActions);
export const relationshipDecisions = pick("relationshipDecisions", sqlite.relationshipDecisions);
export const auditLog = pick("auditLog", sqlite.auditLog);
export const notifications = pick("notifications", sqlite.notifications);
export const notificationPreferences = pick("notificationPreferences", sqlite.notificationPreferences);
export const outboxEmails = pick("outboxEmails", sqlite.outboxEmails);
export const jobLeases = pick("jobLeases", sqlite.jobLeases);
export const assessmentRounds = pick("assessmentRounds", sqlite.assessmentRounds);
export const roundRelationships = pick("roundRelationships", sqlite.roundRelationships);
export const roundAssessors = pick("roundAssessors", sqlite.roundAssessors);
export const invitations = pick("invitations", sqlite.invitations);
export const assessorScopes = pick("assessorScopes", sqlite.assessorScopes);
export const comments = pick("comments", sqlite.comments);
export const commentRevisions = pick("commentRevisions", sqlite.commentRevisions);
export const commentMentions = pick("commentMentions", sqlite.commentMentions);
export const attachments = pick("attachments", sqlite.attachments);
export const attachmentBlobs = pick("attachmentBlobs", sqlite.attachmentBlobs);
