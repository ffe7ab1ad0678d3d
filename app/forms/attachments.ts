import { z } from "zod";
import { ATTACHMENT_PARENTS } from "~/domain/notification-kinds";
import { FACTORS } from "~/domain/factors";
import { recordId } from "~/domain/record-id";

/**
 * What record an upload or a listing is for: a parent type and its id, and
 * for an assessment's evidence the factor. The file itself (field `file`) is
 * read from the multipart body by the upload route.
 */
export const attachmentParentSchema = z
  .object({
    parentType: z.enum(ATTACHMENT_PARENTS, { errorMap: () => ({ message: "attachments.error.parent" }) }),
    parentId: recordId("attachments.error.parent"),
    factor: z.enum(FACTORS, { errorMap: () => ({ message: "attachments.error.factor" }) }).optional(),
  })
  .refine((v) => (v.parentType === "assessment_evidence") === (v.factor !== undefined), { path: ["factor"], message: "attachments.error.factor" });

export type AttachmentParentInput = z.infer<typeof attachmentParentSchema>;

/** The upload form's name for the file. */
export const FILE_FIELD = "file";

/** Deleting a file: only its id (from the URL) and the intent. */
export const deleteAttachmentSchema = z.object({ intent: z.literal("delete") });
