/**
 * Reminders before a round's deadline (7, 3 and 1 days, Helsinki dates) to
 * each asked assessor who has not submitted. The notification's dedupe key
 * names the threshold, and (user, dedupe key) is unique: that row IS the
 * stamp, so a second run, a restart or a second server never reminds twice.
 * A tick that finds several thresholds passed sends only the latest (the
 * rule in app/domain/rounds.ts).
 */
import { writeTransaction } from "../db.server";
import { daysBetween, dueReminderThreshold, roundToday } from "../domain/rounds";
import { notify } from "../models/notifications.server";
import { unansweredAssessors } from "../models/rounds.server";

export async function sendRoundReminders(now = new Date()): Promise<{ reminded: number }> {
  const rows = await unansweredAssessors(roundToday(now));
  let reminded = 0;
  const byRound = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byRound.get(r.roundId) ?? [];
    list.push(r);
    byRound.set(r.roundId, list);
  }
  for (const [roundId, assessors] of byRound) {
    const threshold = dueReminderThreshold(assessors[0].deadline, now);
    if (threshold === null) continue;
    const daysLeft = daysBetween(roundToday(now), assessors[0].deadline);
    // One transaction per round: a round's reminders are written together, or not at all.
    reminded += await writeTransaction(async () => {
      let created = 0;
      for (const a of assessors) {
        created += await notify(
          {
            kind: "assessment_due",
            recipients: [a.userId!],
            roundId,
            relationshipId: a.relationshipId,
            params: { period: a.period, deadline: a.deadline, daysLeft, threshold },
            dedupeKey: `round:${roundId}:rel:${a.relationshipId}:side:${a.side}:due:${threshold}`,
          },
          now,
        );
      }
      return created;
    });
  }
  return { reminded };
}
