import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { firstErrors, refusalReply, refusalResponse } from "~/http/refusal";
import { firstMessage, ok, refused, refusedWith } from "~/models/result";

describe("the one refusal shape", () => {
  it.each([
    ["a field", () => refused("email", "admin.people.emailTaken"), { ok: false, status: 400, fieldErrors: { email: ["admin.people.emailTaken"] } }],
    ["the form", () => refused(null, "sharing.validation.duplicate", 409), { ok: false, status: 409, fieldErrors: { "": ["sharing.validation.duplicate"] } }],
    ["extra data", () => refusedWith({ "": ["x"] }, 400, { problems: [1] }), { ok: false, status: 400, fieldErrors: { "": ["x"] }, problems: [1] }],
    ["success", () => ok({ id: 3 }), { ok: true, id: 3 }],
  ])("%s", (_name, make, expected) => expect(make()).toEqual(expected));

  it("names the first message", () => expect(firstMessage(refusedWith({ a: ["one", "two"], b: ["three"] }))).toBe("one"));

  it("becomes the conform reply the routes wrote by hand: field errors, form errors under '', the refusal's status", async () => {
    const form = new FormData();
    form.set("email", "a@b.example");
    const submission = parseWithZod(form, { schema: z.object({ email: z.string() }) });
    expect(refusalReply(submission, refused("email", "taken")).error).toEqual({ email: ["taken"] });
    expect(refusalReply(submission, refused(null, "stale", 409))).toEqual(submission.reply({ formErrors: ["stale"] }));
    const response = refusalResponse(submission, refused(null, "stale", 409));
    expect(response.init?.status).toBe(409);
    expect(firstErrors(refusedWith({ a: ["one", "two"] }))).toEqual({ a: "one" });
  });
});
