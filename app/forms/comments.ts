import { z } from "zod";
import { COMMENT_MAX_LENGTH } from "~/domain/comments";
import { FACTORS } from "~/domain/factors";
import { isValidQuarter } from "~/domain/period";
import { recordId } from "~/domain/record-id";

/**
 * The forms of a discussion thread, one schema each, sent to the thread's
 * route with an `intent`. The thread a new comment goes to is named by its
 * quarter and (optionally) factor; an edit or a deletion by the comment's id.
 */

const body = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(COMMENT_MAX_LENGTH, "comments.error.tooLong");

/** People to mention, chosen from the thread's audience (checkboxes: works without JavaScript). */
const mentions = z.array(recordId("comments.error.mention")).max(50, "comments.error.mention").optional();

export const threadPeriod = z.string({ required_error: "comments.error.period" }).trim().refine(isValidQuarter, "comments.error.period");

export const threadFactor = z.enum(FACTORS, { errorMap: () => ({ message: "comments.error.factor" }) }).optional();

export const commentPostSchema = z.object({
  intent: z.literal("post"),
  period: threadPeriod,
  factor: threadFactor,
  body,
  mentions,
});

export const commentEditSchema = z.object({
  intent: z.literal("edit"),
  commentId: recordId("comments.error.comment"),
  body,
  mentions,
});

export const commentDeleteSchema = z.object({
  intent: z.literal("delete"),
  commentId: recordId("comments.error.comment"),
});

export type CommentPostInput = z.infer<typeof commentPostSchema>;
export type CommentEditInput = z.infer<typeof commentEditSchema>;
