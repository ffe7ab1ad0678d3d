/**
 * Gives each organisation the email domains that only its own members use
 * (and no one without a membership, such as a platform administrator), free
 * mail providers excepted. The same statement is the hand-written backfill
 * at the end of migration 0003_organisation-email-domains.sql; the demo
 * seed runs it after creating its people. A platform administrator can
 * change the result on each organisation's page.
 */
import type Database from "better-sqlite3";

export const FREE_MAIL_DOMAINS = [
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "gmx.com",
  "gmx.net",
  "proton.me",
  "protonmail.com",
  "mail.com",
  "luukku.com",
  "suomi24.fi",
  "kolumbus.fi",
  "elisanet.fi",
] as const;

export const REGISTER_MEMBER_DOMAINS_SQL = `
WITH user_domains AS (
  SELECT u.id AS user_id, lower(substr(u.email, instr(u.email, '@') + 1)) AS domain FROM users u WHERE instr(u.email, '@') > 0
), domain_organisations AS (
  SELECT d.domain, m.organisation_id FROM user_domains d LEFT JOIN memberships m ON m.user_id = d.user_id
)
INSERT OR IGNORE INTO organisation_email_domains (organisation_id, domain)
SELECT min(organisation_id), domain FROM domain_organisations
WHERE domain NOT IN (${FREE_MAIL_DOMAINS.map((d) => `'${d}'`).join(", ")})
GROUP BY domain
HAVING count(DISTINCT organisation_id) = 1 AND count(*) = count(organisation_id)`;

export function registerMemberEmailDomains(sqlite: Database.Database): void {
  sqlite.exec(REGISTER_MEMBER_DOMAINS_SQL);
}
