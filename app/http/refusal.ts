import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { Refused } from "~/models/result";

/** What a parsed conform submission offers: `reply` with extra errors and options. */
type Repliable = {
  reply(options?: { fieldErrors?: Record<string, string[]>; formErrors?: string[]; hideFields?: string[]; resetForm?: boolean }): SubmissionResult<string[]>;
};

/** The conform reply that shows a model's refusal on the form (field messages, "" for the form). */
export function refusalReply(submission: Repliable, refusal: Refused, options: { hideFields?: string[] } = {}): SubmissionResult<string[]> {
  return submission.reply({ fieldErrors: refusal.fieldErrors, ...options });
}

/** The action's answer to a refusal: the conform reply with the refusal's status (400, 403, 404 or 409). */
export function refusalResponse(submission: Repliable, refusal: Refused) {
  return data(refusalReply(submission, refusal), { status: refusal.status });
}

/** One message per field (the first), for pages that show a map of field → message key. */
export function firstErrors(refusal: Refused): Record<string, string> {
  return Object.fromEntries(Object.entries(refusal.fieldErrors).map(([field, messages]) => [field, messages[0]]));
}
