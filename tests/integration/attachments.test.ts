import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env.server";
import {
  deleteAttachment,
  getAttachmentMetadata,
  listAttachments,
  listAttachmentsOf,
  purgeOrphanAttachments,
  readAttachment,
  uploadAttachment,
  ORPHAN_GRACE_MS,
  type ParentRef,
} from "~/models/attachments.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import { directoryStorage } from "~/storage/directory.server";
import { s3Storage } from "~/storage/s3.server";
import { signRequest } from "~/storage/sigv4";
import { useAttachmentStorage } from "~/storage/storage.server";
import * as uploadRoute from "~/routes/_app+/attachments+/upload";
import * as metadataRoute from "~/routes/_app+/attachments+/$attachmentId";
import * as downloadRoute from "~/routes/_app+/attachments+/$attachmentId_.download";
import * as listingRoute from "~/routes/_app+/attachments+/_index";
import * as assessmentViewRoute from "~/routes/_app+/relationships+/$relationshipId_.assessments.$assessmentId";
import { BASE, get, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { insertAssessment, organisationIdOf, relationshipIdBetween, userIdOf } from "../support/factories";

/**
 * Attachments end to end on the engine under test: scoping with canary
 * files, upload refusals that write nothing, download headers, the cascade
 * with the parent, and the three storage backends.
 */
let sql: TestSql;
const users: Record<string, ActingUser> = {};
const cookies: Record<string, string> = {};
const org: Record<string, number> = {};
let relHosting: number;
let draftId: number;
let submittedId: number;

const PDF = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
const TEXT = (text: string) => new TextEncoder().encode(text);

async function userByEmail(email: string): Promise<ActingUser> {
  return (await getActingUser(await userIdOf(email)))!;
}

async function counts(): Promise<{ rows: number; blobs: number; audits: number }> {
  const one = async (q: string) => Number(((await sql.prepare(q).get()) as { n: number | string }).n);
  return {
    rows: await one("select count(*) as n from attachments"),
    blobs: await one("select count(*) as n from attachment_blobs"),
    audits: await one("select count(*) as n from audit_log where action like 'attachment.%'"),
  };
}

function uploadRequest(fields: Record<string, string>, file: { name: string; bytes: Uint8Array } | null, cookie: string): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
  return new Request(`${BASE}/attachments/upload`, { method: "POST", body: form, headers: { Origin: BASE, Cookie: cookie } });
}

async function uploadThroughRoute(
  who: string,
  parent: { parentType: string; parentId: number; factor?: string },
  file: { name: string; bytes: Uint8Array } | null,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const fields: Record<string, string> = { parentType: parent.parentType, parentId: String(parent.parentId), respond: "data", redirectTo: "/" };
  if (parent.factor) fields.factor = parent.factor;
  const result = (await run(uploadRoute.action, uploadRequest(fields, file, cookies[who]))) as
    { init?: ResponseInit; data: Record<string, unknown> } | Response;
  if (result instanceof Response) return { status: result.status, body: {} };
  return { status: result.init?.status ?? 200, body: result.data };
}

const evidence = (id: number, factor = "trust"): ParentRef => ({ type: "assessment_evidence", id, factor: factor as ParentRef["factor"] });

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    const value = await promise;
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

async function upload(user: ActingUser, ref: ParentRef, name: string, bytes: Uint8Array): Promise<number> {
  const outcome = await uploadAttachment(user, ref, { name, bytes });
  if (!outcome.ok) throw new Error(`upload refused: ${JSON.stringify(outcome)}`);
  return outcome.id;
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sql = openTestSql();
  users.supplierA = await userByEmail(demo.supplierAAdmin.email);
  users.company = await userByEmail(demo.companyStaff.email);
  users.lead = await userByEmail(demo.projectLead.email);
  users.supplierB = await userByEmail(demo.supplierBStaff.email);
  for (const role of ["supplierAAdmin", "companyStaff", "projectLead", "supplierBStaff"] as const) cookies[role] = await signInAs(demo[role]);
  org.hosting = await organisationIdOf(demo.supplierAAdmin.email);
  org.company = await organisationIdOf(demo.companyStaff.email);
  relHosting = await relationshipIdBetween(org.hosting, org.company);
  const base = { relationshipId: relHosting, side: "provider" as const, organisationId: org.hosting, assessorUserId: users.supplierA.id, revision: 1 };
  draftId = await insertAssessment({ ...base, period: "2019-Q1", status: "draft" });
  submittedId = await insertAssessment({ ...base, period: "2019-Q2", status: "draft" });
});

afterAll(() => useAttachmentStorage(null));

describe("scope: canary files", () => {
  let draftFile: number;
  beforeAll(async () => {
    draftFile = await upload(users.supplierA, evidence(draftId), "canary-draft.pdf", PDF("draft canary"));
  });

  it("the assessor sees, lists and downloads their draft's file", async () => {
    const listing = await listAttachments(users.supplierA, evidence(draftId));
    expect(listing.items.map((i) => i.fileName)).toEqual(["canary-draft.pdf"]);
    expect(listing.canUpload).toBe(true);
    expect(listing.items[0].canDelete).toBe(true);
    const file = await readAttachment(users.supplierA, draftFile);
    expect(new TextDecoder().decode(file.bytes)).toContain("draft canary");
  });

  it("the other side of the draft and another organisation get 404 for the file, its metadata and the listing", async () => {
    for (const who of ["companyStaff", "projectLead", "supplierBStaff"] as const) {
      const params = { attachmentId: String(draftFile) };
      expect(await statusOf(run(downloadRoute.loader, get(`/attachments/${draftFile}/download`, cookies[who]), params)), who).toBe(404);
      expect(await statusOf(run(metadataRoute.loader, get(`/attachments/${draftFile}`, cookies[who]), params)), who).toBe(404);
      const listingUrl = `/attachments?parentType=assessment_evidence&parentId=${draftId}&factor=trust`;
      expect(await statusOf(run(listingRoute.loader, get(listingUrl, cookies[who]))), who).toBe(404);
      // Deleting is no way in either.
      const del = new Request(`${BASE}/attachments/${draftFile}`, {
        method: "POST",
        body: new URLSearchParams({ intent: "delete" }),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: cookies[who] },
      });
      expect(await statusOf(run(metadataRoute.action, del, params)), who).toBe(404);
      // Uploading to the draft: the same 404 as for the draft itself.
      const up = await uploadThroughRoute(who, { parentType: "assessment_evidence", parentId: draftId, factor: "trust" }, { name: "x.pdf", bytes: PDF("x") });
      expect(up.status, who).toBe(404);
    }
    expect(await statusOf(listAttachments(users.company, evidence(draftId)))).toBe(404);
    expect(await statusOf(getAttachmentMetadata(users.supplierB, draftFile))).toBe(404);
    expect(await statusOf(readAttachment(users.supplierB, draftFile))).toBe(404);
  });

  it("an unknown or malformed id is a 404 too, never a 500", async () => {
    for (const id of ["999999999", "0", "abc", "99999999999999999999"]) {
      expect(await statusOf(run(downloadRoute.loader, get(`/attachments/${id}/download`, cookies.supplierAAdmin), { attachmentId: id }))).toBe(404);
      expect(await statusOf(run(metadataRoute.loader, get(`/attachments/${id}`, cookies.supplierAAdmin), { attachmentId: id }))).toBe(404);
    }
  });

  it("a submitted assessment's files are seen by whoever sees the relationship, and no one else", async () => {
    const file = await upload(users.supplierA, evidence(submittedId, "knowledge"), "sla-report.pdf", PDF("submitted canary"));
    await sql.prepare("update assessments set status = 'submitted', submitted_at = '2019-07-01T00:00:00.000Z' where id = ?").run(submittedId);
    for (const who of ["companyStaff", "projectLead"] as const) {
      const response = (await run(downloadRoute.loader, get(`/attachments/${file}/download`, cookies[who]), { attachmentId: String(file) })) as Response;
      expect(response.status, who).toBe(200);
      expect(new TextDecoder().decode(await response.arrayBuffer())).toContain("submitted canary");
    }
    expect((await listAttachments(users.company, evidence(submittedId, "knowledge"))).items.map((i) => i.fileName)).toEqual(["sla-report.pdf"]);
    // The assessment page shows the counterpart its files; another organisation cannot open it at all.
    const page = (await run(assessmentViewRoute.loader, get(`/relationships/${relHosting}/assessments/${submittedId}`, cookies.companyStaff), {
      relationshipId: String(relHosting),
      assessmentId: String(submittedId),
    })) as { evidenceFiles?: Record<string, { items: Array<{ fileName: string }> }> };
    expect(JSON.stringify(page)).toContain("sla-report.pdf");
    expect(JSON.stringify(page)).not.toContain("canary-draft");
    expect(
      await statusOf(
        run(assessmentViewRoute.loader, get(`/relationships/${relHosting}/assessments/${submittedId}`, cookies.supplierBStaff), {
          relationshipId: String(relHosting),
          assessmentId: String(submittedId),
        }),
      ),
    ).toBe(404);
    expect(await statusOf(readAttachment(users.supplierB, file))).toBe(404);
    // Submitted: locked for uploads and for deleting.
    const more = await uploadAttachment(users.supplierA, evidence(submittedId, "knowledge"), { name: "late.pdf", bytes: PDF("late") });
    expect(more).toMatchObject({ ok: false, status: 409, field: "file" });
    expect(await deleteAttachment(users.supplierA, file)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("upload refusals write nothing", () => {
  const parent = () => ({ parentType: "assessment_evidence", parentId: draftId, factor: "selling" });

  async function expectRefused(file: { name: string; bytes: Uint8Array } | null, status: number, messageKey: string) {
    const before = await counts();
    const answer = await uploadThroughRoute("supplierAAdmin", parent(), file);
    expect(answer.status, file?.name).toBe(status);
    expect(answer.body, file?.name).toMatchObject({ ok: false, field: "file", messageKey });
    expect(await counts(), file?.name).toEqual(before);
  }

  it("an executable renamed .pdf: 415 naming the file", () => expectRefused({ name: "invoice.pdf", bytes: EXE }, 415, "attachments.error.type"));
  it("a ZIP that is not a workbook, named .xlsx: 415", () =>
    expectRefused({ name: "book.xlsx", bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) }, 415, "attachments.error.type"));
  it("binary text with NULs named .txt: 415", () => expectRefused({ name: "notes.txt", bytes: TEXT("abc\u0000def") }, 415, "attachments.error.type"));
  it("an empty file: 400", () => expectRefused({ name: "empty.pdf", bytes: new Uint8Array() }, 400, "attachments.error.empty"));
  it("no file at all: 400", () => expectRefused(null, 400, "attachments.error.noFile"));
  it("an oversized file: 413 with the limit", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF("big"));
    await expectRefused({ name: "big.pdf", bytes: big }, 413, "attachments.error.tooLarge");
  });
  it("a name with nothing safe left: 400", () => expectRefused({ name: "../..", bytes: PDF("dots") }, 400, "attachments.error.unsafeName"));
  it("a name of control characters only: 400", () => expectRefused({ name: "\u0001\u0002.\u0003", bytes: PDF("ctl") }, 400, "attachments.error.unsafeName"));

  it("the organisation's quota reached: 413 naming the quota, nothing written", async () => {
    const settings = env();
    const saved = settings.ATTACHMENT_QUOTA_BYTES;
    const used = Number(
      ((await sql.prepare("select coalesce(sum(size_bytes), 0) as n from attachments where organisation_id = ?").get(org.hosting)) as { n: number }).n,
    );
    settings.ATTACHMENT_QUOTA_BYTES = used + 10;
    try {
      await expectRefused({ name: "over.pdf", bytes: PDF("over the quota") }, 413, "attachments.error.quota");
      const outcome = await uploadAttachment(users.supplierA, evidence(draftId), { name: "over.pdf", bytes: PDF("over") });
      expect(outcome).toMatchObject({ ok: false, params: { quotaMb: expect.any(Number) } });
    } finally {
      settings.ATTACHMENT_QUOTA_BYTES = saved;
    }
  });

  it("a bad parent field is a 400 naming it", async () => {
    const before = await counts();
    const answer = await uploadThroughRoute("supplierAAdmin", { parentType: "assessment_evidence", parentId: draftId }, { name: "a.pdf", bytes: PDF("a") });
    expect(answer).toMatchObject({ status: 400, body: { field: "factor" } });
    const other = await uploadThroughRoute("supplierAAdmin", { parentType: "passwords", parentId: draftId }, { name: "a.pdf", bytes: PDF("a") });
    expect(other).toMatchObject({ status: 400, body: { field: "parentType" } });
    expect(await counts()).toEqual(before);
  });
});

describe("unsafe names are stored under safe ones", () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ["../../etc/passwd", TEXT("root:x:0:0\n"), "passwd.txt"],
    ['a"b;c.pdf', PDF("q"), "a_b_c.pdf"],
    ["C:\\Users\\me\\report.pdf", PDF("w"), "report.pdf"],
    ["r\u0000e\u0007p\u202eort.pdf", PDF("c"), "report.pdf"],
    ["scan.pdf", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), "scan.pdf.png"],
  ];
  for (const [raw, bytes, stored] of cases) {
    it(`${JSON.stringify(raw)} → ${stored}`, async () => {
      const id = await upload(users.supplierA, evidence(draftId, "individuality"), raw, bytes);
      expect((await getAttachmentMetadata(users.supplierA, id)).fileName).toBe(stored);
    });
  }
});

describe("downloads", () => {
  it("are attachments with a safe name, nosniff, the detected type, no caching and a sandboxing CSP", async () => {
    const id = await upload(users.supplierA, evidence(draftId, "compensation"), 'Hinnasto ÄÖ "2024";.csv', TEXT("a;b;c\n1;2;3\n"));
    const response = (await run(downloadRoute.loader, get(`/attachments/${id}/download`, cookies.supplierAAdmin), { attachmentId: String(id) })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Hinnasto AO _2024__.csv"; filename*=UTF-8''Hinnasto%20%C3%84%C3%96%20_2024__.csv`,
    );
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe("a;b;c\n1;2;3\n");
  });

  it("an uploaded file through the route redirects back without JavaScript", async () => {
    const fields = {
      parentType: "assessment_evidence",
      parentId: String(draftId),
      factor: "trust",
      redirectTo: `/relationships/${relHosting}/assess?period=2019-Q1`,
    };
    const response = (await run(uploadRoute.action, uploadRequest(fields, { name: "route.pdf", bytes: PDF("route") }, cookies.supplierAAdmin))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/relationships/${relHosting}/assess?period=2019-Q1`);
  });
});

describe("deleting", () => {
  it("the uploader may delete while the assessment is a draft; it is audited, and the blob goes too", async () => {
    const id = await upload(users.supplierA, evidence(draftId, "new_business"), "remove-me.pdf", PDF("remove"));
    const before = await counts();
    expect(await deleteAttachment(users.supplierA, id)).toMatchObject({ ok: true });
    const after = await counts();
    expect(after).toEqual({ rows: before.rows - 1, blobs: before.blobs - 1, audits: before.audits + 1 });
    const row = (await sql.prepare("select after, before from audit_log where action = 'attachment.delete' order by id desc limit 1").get()) as {
      before: string;
    };
    expect(JSON.parse(row.before)).toMatchObject({ fileName: "remove-me.pdf", parentType: "assessment_evidence", factor: "new_business" });
    expect(row.before).not.toContain("JVBER"); // never the bytes (base64 of %PDF)
  });
});

describe("other parents: actions, decisions and comments", () => {
  let actionId: number;
  let decisionId: number;
  let commentId: number;
  beforeAll(async () => {
    const insert = async (text: string, ...params: unknown[]) => Number(((await sql.prepare(`${text} returning id`).get(...params)) as { id: number }).id);
    actionId = await insert(
      "insert into development_actions (relationship_id, title, phase, status, owner_user_id, owner_organisation_id, created_by_user_id) values (?, 'Attachment test action', 'measurement', 'planned', ?, ?, ?)",
      relHosting,
      users.supplierA.id,
      org.hosting,
      users.supplierA.id,
    );
    decisionId = await insert(
      "insert into relationship_decisions (relationship_id, decided_on, title, organisation_id, created_by_user_id) values (?, '2024-01-10', 'Attachment test decision', ?, ?)",
      relHosting,
      org.company,
      users.company.id,
    );
    commentId = await insert(
      "insert into comments (relationship_id, period, author_user_id, author_organisation_id, body, created_at) values (?, '2024-Q1', ?, ?, 'see file', ?)",
      relHosting,
      users.company.id,
      org.company,
      new Date().toISOString(),
    );
  });

  it("both parties and the focal project lead see them; another organisation gets 404", async () => {
    const a = await upload(users.supplierA, { type: "development_action", id: actionId }, "plan.pdf", PDF("action canary"));
    const d = await upload(users.company, { type: "decision", id: decisionId }, "minutes.txt", TEXT("decision canary"));
    const c = await upload(users.company, { type: "comment", id: commentId }, "screenshot.pdf", PDF("comment canary"));
    for (const user of [users.supplierA, users.company, users.lead]) {
      for (const id of [a, d, c]) expect((await readAttachment(user, id)).bytes.length).toBeGreaterThan(0);
    }
    for (const id of [a, d, c]) expect(await statusOf(readAttachment(users.supplierB, id))).toBe(404);
    // The pages' batched listings (relationship page, discussion): the same scope.
    const onPage = await listAttachmentsOf(users.lead, relHosting, "comment", [commentId]);
    expect(onPage[commentId]).toMatchObject({ items: [{ fileName: "screenshot.pdf", canDelete: false }], canUpload: false });
    expect((await listAttachmentsOf(users.company, relHosting, "comment", [commentId]))[commentId]).toMatchObject({
      items: [{ canDelete: true }],
      canUpload: true,
    });
    expect((await listAttachmentsOf(users.company, relHosting, "decision", [decisionId]))[decisionId].items.map((i) => i.fileName)).toEqual(["minutes.txt"]);
    expect(await statusOf(listAttachmentsOf(users.supplierB, relHosting, "decision", [decisionId]))).toBe(404);
    expect(await statusOf(listAttachments(users.supplierB, { type: "decision", id: decisionId }))).toBe(404);
    expect(await statusOf(listAttachments(users.supplierB, { type: "comment", id: commentId }))).toBe(404);
    // Only a comment's author adds files to it.
    expect(await uploadAttachment(users.supplierA, { type: "comment", id: commentId }, { name: "x.pdf", bytes: PDF("x") })).toMatchObject({
      ok: false,
      status: 403,
    });
    // A read-only project lead of the focal company cannot add to an action.
    expect(await uploadAttachment(users.lead, { type: "development_action", id: actionId }, { name: "x.pdf", bytes: PDF("x") })).toMatchObject({ ok: false });
  });

  it("a decision's file may be removed by its uploader for 15 minutes, not after", async () => {
    const id = await upload(users.company, { type: "decision", id: decisionId }, "draft-minutes.txt", TEXT("minutes"));
    expect(await deleteAttachment(users.supplierA, id)).toMatchObject({ ok: false, status: 403 });
    expect(await deleteAttachment(users.company, id, new Date(Date.now() + 16 * 60_000))).toMatchObject({ ok: false, status: 409 });
    expect(await deleteAttachment(users.company, id)).toMatchObject({ ok: true });
  });

  it("go with their parent: the rows cascade and the purge removes the bytes", async () => {
    await upload(users.supplierA, { type: "development_action", id: actionId }, "cascade.pdf", PDF("cascade"));
    const before = await counts();
    const mine = Number(((await sql.prepare("select count(*) as n from attachments where action_id = ?").get(actionId)) as { n: number }).n);
    expect(mine).toBeGreaterThan(0);
    await sql.prepare("delete from development_actions where id = ?").run(actionId);
    expect((await counts()).rows).toBe(before.rows - mine);
    expect((await counts()).blobs).toBe(before.blobs);
    expect(await purgeOrphanAttachments()).toEqual({ removed: mine });
    expect((await counts()).blobs).toBe(before.blobs - mine);
  });
});

describe("storage backends", () => {
  afterEach(() => useAttachmentStorage(null));

  it("directory: bytes in files, none in the database; refusals and deletes leave no file; orphans purged", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "attachments-"));
    try {
      useAttachmentStorage(directoryStorage(dir));
      const blobsBefore = (await counts()).blobs;
      const id = await upload(users.supplierA, evidence(draftId, "knowledge"), "on-disk.pdf", PDF("disk canary"));
      expect(readdirSync(dir)).toHaveLength(1);
      expect((await counts()).blobs).toBe(blobsBefore);
      expect(new TextDecoder().decode((await readAttachment(users.supplierA, id)).bytes)).toContain("disk canary");
      expect(await uploadAttachment(users.supplierA, evidence(draftId, "knowledge"), { name: "bad.pdf", bytes: EXE })).toMatchObject({ ok: false });
      const settings = env();
      const saved = settings.ATTACHMENT_QUOTA_BYTES;
      settings.ATTACHMENT_QUOTA_BYTES = 1;
      try {
        expect(await uploadAttachment(users.supplierA, evidence(draftId, "knowledge"), { name: "q.pdf", bytes: PDF("q") })).toMatchObject({
          ok: false,
          status: 413,
        });
      } finally {
        settings.ATTACHMENT_QUOTA_BYTES = saved;
      }
      expect(readdirSync(dir)).toHaveLength(1);
      expect(await deleteAttachment(users.supplierA, id)).toMatchObject({ ok: true });
      expect(readdirSync(dir)).toHaveLength(0);
      // A parent deleted with its file: the row cascades, the file waits for the purge (after the grace period).
      const draft2 = await insertAssessment({
        relationshipId: relHosting,
        side: "provider",
        organisationId: org.hosting,
        assessorUserId: users.supplierA.id,
        period: "2019-Q3",
        status: "draft",
        revision: 1,
      });
      await upload(users.supplierA, evidence(draft2), "orphan.pdf", PDF("orphan"));
      await sql.prepare("delete from assessments where id = ?").run(draft2);
      expect(readdirSync(dir)).toHaveLength(1);
      expect(await purgeOrphanAttachments(new Date())).toEqual({ removed: 0 });
      expect(await purgeOrphanAttachments(new Date(Date.now() + ORPHAN_GRACE_MS + 60_000))).toEqual({ removed: 1 });
      expect(readdirSync(dir)).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("S3: signed requests to an S3-compatible server store, serve, list and delete objects", async () => {
    const objects = new Map<string, { bytes: Buffer; modified: Date }>();
    const seen: string[] = [];
    const credentials = { accessKeyId: "AKIATEST", secretAccessKey: "test-secret", region: "eu-north-1" };
    const readAll = async (req: IncomingMessage) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    const server: Server = createServer((req, res) => {
      void (async () => {
        const body = await readAll(req);
        const url = new URL(req.url!, `http://${req.headers.host}`);
        const auth = String(req.headers.authorization ?? "");
        // The signature is checked as S3 would: recomputed from the request and the shared secret.
        const signedNames = /SignedHeaders=([^,]+)/.exec(auth)?.[1].split(";") ?? [];
        const extra = Object.fromEntries(
          signedNames.filter((n) => !["host", "x-amz-date", "x-amz-content-sha256"].includes(n)).map((n) => [n, String(req.headers[n])]),
        );
        const date = String(req.headers["x-amz-date"]);
        const now = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
        const expected = signRequest({ method: req.method!, url, headers: extra, payloadHash: String(req.headers["x-amz-content-sha256"]), now }, credentials);
        seen.push(`${req.method} ${url.pathname}`);
        if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIATEST/") || expected.authorization !== auth) {
          res.writeHead(403).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
          return;
        }
        const key = url.pathname.replace(/^\/bucket\//, "");
        if (req.method === "PUT") {
          objects.set(key, { bytes: body, modified: new Date() });
          res.writeHead(200).end();
        } else if (req.method === "GET" && url.pathname === "/bucket") {
          const prefix = url.searchParams.get("prefix") ?? "";
          const items = [...objects].filter(([k]) => k.startsWith(prefix));
          const xml = items.map(([k, o]) => `<Contents><Key>${k}</Key><LastModified>${o.modified.toISOString()}</LastModified></Contents>`).join("");
          res.writeHead(200, { "Content-Type": "application/xml" }).end(`<ListBucketResult><IsTruncated>false</IsTruncated>${xml}</ListBucketResult>`);
        } else if (req.method === "GET") {
          const object = objects.get(key);
          if (!object) res.writeHead(404).end("<Error><Code>NoSuchKey</Code></Error>");
          else res.writeHead(200).end(object.bytes);
        } else if (req.method === "DELETE") {
          objects.delete(key);
          res.writeHead(204).end();
        } else res.writeHead(405).end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const storage = s3Storage({ endpoint: `http://127.0.0.1:${port}`, bucket: "bucket", ...credentials });
      useAttachmentStorage(storage);
      const blobsBefore = (await counts()).blobs;
      const id = await upload(users.supplierA, evidence(draftId, "selling"), "in-bucket.pdf", PDF("bucket canary"));
      expect(objects.size).toBe(1);
      expect([...objects.keys()][0]).toMatch(/^attachments\/[0-9a-f-]{36}$/);
      expect((await counts()).blobs).toBe(blobsBefore);
      expect(new TextDecoder().decode((await readAttachment(users.supplierA, id)).bytes)).toContain("bucket canary");
      expect(await uploadAttachment(users.supplierA, evidence(draftId, "selling"), { name: "e.pdf", bytes: EXE })).toMatchObject({ ok: false });
      expect(objects.size).toBe(1);
      expect(await deleteAttachment(users.supplierA, id)).toMatchObject({ ok: true });
      expect(objects.size).toBe(0);
      // An object no row names (e.g. left by a crash) is purged after the grace period.
      await storage.put("00000000-0000-4000-8000-000000000000", TEXT("stray"));
      expect(await purgeOrphanAttachments(new Date(Date.now() + ORPHAN_GRACE_MS + 60_000))).toEqual({ removed: 1 });
      expect(objects.size).toBe(0);
      expect(seen).toContain("GET /bucket");
      // A wrong secret is refused by the server, and the upload fails without a row.
      const rowsBefore = (await counts()).rows;
      useAttachmentStorage(s3Storage({ endpoint: `http://127.0.0.1:${port}`, bucket: "bucket", ...credentials, secretAccessKey: "wrong" }));
      await expect(uploadAttachment(users.supplierA, evidence(draftId, "selling"), { name: "w.pdf", bytes: PDF("w") })).rejects.toThrow(/403/);
      expect((await counts()).rows).toBe(rowsBefore);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
