import { prepareDemoDatabase } from "../support/test-db";
import { openTestSql, type TestSql } from "../support/test-sql";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { CommentBody } from "~/components/comments/comment-body";
import { deleteComment, editComment, factorThreadCounts, getThread, postComment, threadCounts } from "~/models/comments.server";
import { listNotifications } from "~/models/notifications.server";
import { getActingUser, type ActingUser } from "~/models/user.server";
import * as discussion from "~/routes/_app+/relationships+/$relationshipId_.discussion";
import * as relationshipPage from "~/routes/_app+/relationships+/$relationshipId._index";
import * as comparePage from "~/routes/_app+/compare+/_layout";
import { BASE, get, run } from "../support/remix";
import { demo, signInAs } from "../support/sign-in";
import { insertRelationship, organisationIdNamed, relationshipIdBetween, userIdOf } from "../support/factories";

/**
 * Discussion threads end to end, engine-neutral: who reads and writes (both
 * parties, the focal company's project lead; a third organisation gets 404
 * for everything and writes nothing), the 15-minute edit window on an
 * injected clock with history, mentions limited to the thread's audience and
 * notified, audit rows, and stored XSS attempts kept as text and rendered safely.
 */
let sqlite: TestSql;

const HOSTING_ADMIN = demo.supplierAAdmin.email; // Tuomas, org admin of the hosting supplier
const HOSTING_STAFF = "petri.salonen@kalevanpilvi.example";
const COMPANY_STAFF = demo.companyStaff.email; // Mikko
const COMPANY_LEAD = demo.projectLead.email; // Laura, project lead of the focal company
const COMPANY_VIEWER = "olli.vaisanen@verkkokauppa.example";
const STARTUP_STAFF = demo.supplierBStaff.email; // Emilia: a third organisation for the hosting relationship
const PLATFORM_ADMIN = "antti.korhonen@verkkotaito.example";

const PERIOD = "2025-Q1";
const T0 = new Date("2025-03-10T09:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let hostingRel: number;
/** hosting → platform in the company's chain: the company is no party, its project lead still sees it. */
let supplierRel: number;
const ids: Record<string, number> = {};

async function acting(email: string): Promise<ActingUser> {
  return (await getActingUser(ids[email] ?? (await userIdOf(email))))!;
}

async function countOf(sql: string, ...params: unknown[]): Promise<number> {
  return Number(((await sqlite.prepare(`select count(*) as n from ${sql}`).get(...params)) as { n: number | string }).n);
}

function threadUrl(relationshipId: number, query = `?period=${PERIOD}`) {
  return `/relationships/${relationshipId}/discussion${query}`;
}

/** A POST of the thread's form, fields repeated as a browser sends checkboxes. */
function postForm(relationshipId: number, fields: Array<[string, string]>, cookie: string): Request {
  return new Request(`${BASE}${threadUrl(relationshipId)}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: cookie },
  });
}

type Reply = { data: { intent: string; result: { error?: Record<string, string[] | null> } }; init: { status: number } };
type ThreadData = Awaited<ReturnType<typeof getThread>> & { editingId: number | null };

async function send(email: string, relationshipId: number, fields: Array<[string, string]>) {
  return run(discussion.action, postForm(relationshipId, fields, await signInAs(email)), { relationshipId: String(relationshipId) });
}

async function load(email: string, relationshipId: number, query?: string) {
  return run(discussion.loader, get(threadUrl(relationshipId, query), await signInAs(email)), { relationshipId: String(relationshipId) });
}

beforeAll(async () => {
  await prepareDemoDatabase();
  sqlite = openTestSql();
  for (const email of [HOSTING_ADMIN, HOSTING_STAFF, COMPANY_STAFF, COMPANY_LEAD, COMPANY_VIEWER, STARTUP_STAFF, PLATFORM_ADMIN])
    ids[email] = await userIdOf(email);
  const hosting = await organisationIdNamed("Kalevan Pilvipalvelut Oyj");
  const company = await organisationIdNamed("Pohjolan Verkkokauppa Oy");
  hostingRel = await relationshipIdBetween(hosting, company);
  const chainId = ((await sqlite.prepare("select chain_id from relationships where id = ?").get(hostingRel)) as { chain_id: number }).chain_id;
  supplierRel = await insertRelationship({ chainId, providerId: hosting, customerId: await organisationIdNamed("Verkkotaito Oy") });
});

describe("who reads and writes a thread", () => {
  it("a party posts through the form (no JavaScript), the other party and the focal company's project lead read it", async () => {
    const res = (await send(HOSTING_ADMIN, hostingRel, [
      ["intent", "post"],
      ["period", PERIOD],
      ["factor", "trust"],
      ["body", "Why **2** on trust?"],
    ])) as Response;
    expect(res.status).toBe(302);
    const id = Number(/#comment-(\d+)$/.exec(res.headers.get("Location")!)![1]);
    expect(res.headers.get("Location")).toBe(`/relationships/${hostingRel}/discussion?period=${PERIOD}&factor=trust#comment-${id}`);
    for (const reader of [COMPANY_STAFF, COMPANY_LEAD, COMPANY_VIEWER, HOSTING_STAFF]) {
      const data = (await load(reader, hostingRel, `?period=${PERIOD}&factor=trust`)) as ThreadData;
      expect(
        data.comments.map((c) => c.body),
        reader,
      ).toEqual(["Why **2** on trust?"]);
      expect(data.comments[0].mine).toBe(false);
      expect(data.comments[0].organisationName).toBe("Kalevan Pilvipalvelut Oyj");
    }
    // The quarter's thread is another thread.
    expect(((await load(COMPANY_STAFF, hostingRel)) as ThreadData).comments).toEqual([]);
  });

  it("the other party and a project lead may write; a viewer reads only (403, nothing written)", async () => {
    const before = await countOf("comments");
    for (const writer of [COMPANY_STAFF, COMPANY_LEAD]) {
      const res = (await send(writer, hostingRel, [
        ["intent", "post"],
        ["period", PERIOD],
        ["body", `from ${writer}`],
      ])) as Response;
      expect(res.status, writer).toBe(302);
    }
    expect(((await load(COMPANY_VIEWER, hostingRel)) as ThreadData).canWrite).toBe(false);
    const viewer = (await send(COMPANY_VIEWER, hostingRel, [
      ["intent", "post"],
      ["period", PERIOD],
      ["body", "viewer"],
    ])) as Response;
    expect(viewer.status).toBe(403);
    expect(await countOf("comments")).toBe(before + 2);
    const rows = (await sqlite.prepare("select author_organisation_id from comments where body = ?").all(`from ${COMPANY_LEAD}`)) as Array<{
      author_organisation_id: number;
    }>;
    expect(rows[0].author_organisation_id).toBe(await organisationIdNamed("Pohjolan Verkkokauppa Oy"));
  });

  it("the focal company's project lead reads and writes a relationship the company is no party to; its staff gets 404", async () => {
    const lead = await acting(COMPANY_LEAD);
    const posted = await postComment(lead, supplierRel, { intent: "post", period: PERIOD, body: "Lead here" }, T0);
    expect(posted.ok).toBe(true);
    const thread = await getThread(await acting(PLATFORM_ADMIN), supplierRel, { period: PERIOD, factor: null });
    expect(thread.comments.map((c) => [c.body, c.organisationName])).toEqual([["Lead here", "Pohjolan Verkkokauppa Oy"]]);
    expect(((await load(COMPANY_STAFF, supplierRel)) as Response).status).toBe(404);
  });

  it("a third organisation's user gets 404 for the thread, posting, editing, deleting and history, and nothing is written", async () => {
    const own = await postComment(await acting(HOSTING_ADMIN), hostingRel, { intent: "post", period: PERIOD, body: "canary" }, new Date());
    if (!own.ok) throw new Error("setup");
    const before = {
      comments: await countOf("comments"),
      revisions: await countOf("comment_revisions"),
      audit: await countOf("audit_log where action like 'comment.%'"),
    };
    expect(((await load(STARTUP_STAFF, hostingRel)) as Response).status).toBe(404);
    expect(((await load(STARTUP_STAFF, hostingRel, `?period=${PERIOD}&edit=${own.id}`)) as Response).status).toBe(404);
    for (const fields of [
      [
        ["intent", "post"],
        ["period", PERIOD],
        ["body", "intruder"],
      ],
      [
        ["intent", "edit"],
        ["commentId", String(own.id)],
        ["body", "intruder"],
      ],
      [
        ["intent", "delete"],
        ["commentId", String(own.id)],
      ],
      [["intent", "bogus"]],
    ] as Array<Array<[string, string]>>) {
      expect(((await send(STARTUP_STAFF, hostingRel, fields)) as Response).status, fields[0][1]).toBe(404);
    }
    // The comment's id through a relationship the intruder does see: still 404 (the comment is not of that relationship).
    const startupRel = await relationshipIdBetween(await organisationIdNamed("Kipinä AI Oy"), await organisationIdNamed("Pohjolan Verkkokauppa Oy"));
    for (const fields of [
      [
        ["intent", "edit"],
        ["commentId", String(own.id)],
        ["body", "intruder"],
      ],
      [
        ["intent", "delete"],
        ["commentId", String(own.id)],
      ],
    ] as Array<Array<[string, string]>>) {
      expect(((await send(STARTUP_STAFF, startupRel, fields)) as Response).status, fields[0][1]).toBe(404);
    }
    // Counts of another relationship's threads are nothing, not an error.
    const intruder = await acting(STARTUP_STAFF);
    expect(await threadCounts(intruder, hostingRel, PERIOD)).toEqual({ quarter: 0, byFactor: {} });
    expect(await factorThreadCounts(intruder, [hostingRel], PERIOD)).toEqual({});
    expect(await countOf("comments")).toBe(before.comments);
    expect(await countOf("comment_revisions")).toBe(before.revisions);
    expect(await countOf("audit_log where action like 'comment.%'")).toBe(before.audit);
    expect(await countOf("comments where body = 'canary'")).toBe(1);
  });

  it("refuses an empty or over-long body, a bad quarter or factor with 400 naming the field, writing nothing", async () => {
    const before = await countOf("comments");
    const cases: Array<[Array<[string, string]>, string]> = [
      [
        [
          ["intent", "post"],
          ["period", PERIOD],
          ["body", "   "],
        ],
        "body",
      ],
      [
        [
          ["intent", "post"],
          ["period", PERIOD],
          ["body", "x".repeat(5001)],
        ],
        "body",
      ],
      [
        [
          ["intent", "post"],
          ["period", "2025-Q5"],
          ["body", "hi"],
        ],
        "period",
      ],
      [
        [
          ["intent", "post"],
          ["period", "'; drop table comments; --"],
          ["body", "hi"],
        ],
        "period",
      ],
      [
        [
          ["intent", "post"],
          ["period", PERIOD],
          ["factor", "gossip"],
          ["body", "hi"],
        ],
        "factor",
      ],
      [
        [
          ["intent", "edit"],
          ["commentId", "abc"],
          ["body", "hi"],
        ],
        "commentId",
      ],
      [
        [
          ["intent", "edit"],
          ["commentId", "99999999999"],
          ["body", "hi"],
        ],
        "commentId",
      ],
    ];
    for (const [fields, field] of cases) {
      const reply = (await send(HOSTING_ADMIN, hostingRel, fields)) as Reply;
      expect(reply.init.status, field).toBe(400);
      expect(reply.data.result.error?.[field], field).toBeTruthy();
    }
    expect(((await send(HOSTING_ADMIN, hostingRel, [["intent", "bogus"]])) as { init: { status: number } }).init.status).toBe(400);
    expect(((await load(HOSTING_ADMIN, hostingRel, "?period=2025-Q9")) as Response).status).toBe(400);
    expect(((await load(HOSTING_ADMIN, hostingRel, `?period=${PERIOD}&factor=nope`)) as Response).status).toBe(400);
    expect(await countOf("comments")).toBe(before);
  });
});

describe("the 15-minute edit window", () => {
  it("edits at +14 min keep the history; at +16 min editing and deleting are refused (409); the other party sees the history", async () => {
    const author = await acting(HOSTING_ADMIN);
    const posted = await postComment(author, hostingRel, { intent: "post", period: PERIOD, factor: "knowledge", body: "first text" }, T0);
    if (!posted.ok) throw new Error("post");
    const edited = await editComment(author, hostingRel, { intent: "edit", commentId: posted.id, body: "second text" }, minutes(14));
    expect(edited.ok).toBe(true);
    const late = await editComment(author, hostingRel, { intent: "edit", commentId: posted.id, body: "third text" }, minutes(16));
    expect(late).toMatchObject({ ok: false, status: 409, fieldErrors: { "": ["comments.error.windowClosed"] } });
    const lateDelete = await deleteComment(author, hostingRel, posted.id, minutes(16));
    expect(lateDelete).toMatchObject({ ok: false, status: 409 });
    // Someone else's comment is never theirs to change, even inside the window.
    expect(await editComment(await acting(HOSTING_STAFF), hostingRel, { intent: "edit", commentId: posted.id, body: "hijack" }, minutes(1))).toMatchObject({
      ok: false,
      status: 403,
    });

    const seen = await getThread(await acting(COMPANY_STAFF), hostingRel, { period: PERIOD, factor: "knowledge" }, minutes(20));
    const comment = seen.comments.find((c) => c.id === posted.id)!;
    expect(comment.body).toBe("second text");
    expect(comment.editedAt).toBe(minutes(14).toISOString());
    expect(comment.revisions).toEqual([{ body: "first text", replacedAt: minutes(14).toISOString() }]);
    expect(comment.canChange).toBe(false);
    expect(
      (await getThread(author, hostingRel, { period: PERIOD, factor: "knowledge" }, minutes(15))).comments.find((c) => c.id === posted.id)!.canChange,
    ).toBe(false);
    expect(
      (await getThread(author, hostingRel, { period: PERIOD, factor: "knowledge" }, minutes(14))).comments.find((c) => c.id === posted.id)!.canChange,
    ).toBe(true);

    const audits = (await sqlite
      .prepare("select action, before, after from audit_log where entity_type = 'comment' and entity_id = ? order by id")
      .all(String(posted.id))) as Array<{ action: string; before: string | null; after: string | null }>;
    expect(audits.map((a) => a.action)).toEqual(["comment.create", "comment.edit"]);
    expect(JSON.parse(audits[1].before!).body).toBe("first text");
    expect(JSON.parse(audits[1].after!).body).toBe("second text");
  });

  it("deletes within the window (audited with the text), not after; the form's late edit answers 409", async () => {
    const author = await acting(HOSTING_ADMIN);
    const early = await postComment(author, hostingRel, { intent: "post", period: PERIOD, body: "oops" }, T0);
    if (!early.ok) throw new Error("post");
    expect(await deleteComment(author, hostingRel, early.id, minutes(14))).toMatchObject({ ok: true });
    expect(await countOf("comments where id = ?", early.id)).toBe(0);
    const row = (await sqlite.prepare("select before from audit_log where action = 'comment.delete' and entity_id = ?").get(String(early.id))) as {
      before: string;
    };
    expect(JSON.parse(row.before).body).toBe("oops");

    // Through the form: a comment posted long ago (the real clock is far past T0).
    const old = await postComment(author, hostingRel, { intent: "post", period: PERIOD, body: "kept" }, T0);
    if (!old.ok) throw new Error("post");
    const reply = (await send(HOSTING_ADMIN, hostingRel, [
      ["intent", "edit"],
      ["commentId", String(old.id)],
      ["body", "changed"],
    ])) as Reply;
    expect(reply.init.status).toBe(409);
    expect(reply.data.result.error?.[""]).toEqual(["comments.error.windowClosed"]);
    expect(
      (
        (await send(HOSTING_ADMIN, hostingRel, [
          ["intent", "delete"],
          ["commentId", String(old.id)],
        ])) as Reply
      ).init.status,
    ).toBe(409);
    expect(await countOf("comments where id = ? and body = 'kept'", old.id)).toBe(1);
  });
});

describe("mentions", () => {
  it("mention the people who see the thread (checkboxes and tokens), stored and notified once each in the same transaction", async () => {
    const res = (await send(HOSTING_ADMIN, hostingRel, [
      ["intent", "post"],
      ["period", PERIOD],
      ["factor", "trust"],
      ["body", "Ping @[Laura](user:" + ids[COMPANY_LEAD] + ")"],
      ["mentions", String(ids[COMPANY_STAFF])],
      ["mentions", String(ids[HOSTING_ADMIN])],
    ])) as Response;
    expect(res.status).toBe(302);
    const id = Number(/#comment-(\d+)$/.exec(res.headers.get("Location")!)![1]);
    const mentioned = (await sqlite.prepare("select user_id from comment_mentions where comment_id = ? order by user_id").all(id)) as Array<{
      user_id: number;
    }>;
    expect(mentioned.map((m) => m.user_id)).toEqual([ids[COMPANY_STAFF], ids[COMPANY_LEAD], ids[HOSTING_ADMIN]].sort((a, b) => a - b));
    // The author is not told of their own mention.
    const notified = (await sqlite
      .prepare("select user_id, params from notifications where kind = 'comment_mention' and dedupe_key = ? order by user_id")
      .all(`comment:${id}:mention`)) as Array<{ user_id: number; params: string }>;
    expect(notified.map((n) => n.user_id)).toEqual([ids[COMPANY_STAFF], ids[COMPANY_LEAD]].sort((a, b) => a - b));
    expect(JSON.parse(notified[0].params)).toEqual({ period: PERIOD, factor: "trust", commentId: id });

    const list = await listNotifications(await acting(COMPANY_STAFF), 1, "en");
    const item = list.items.find((n) => n.kind === "comment_mention")!;
    expect(item.path).toBe(`/relationships/${hostingRel}/discussion?period=${PERIOD}&factor=trust#comment-${id}`);

    // An edit that adds nobody tells nobody again.
    const before = await countOf("notifications where kind = 'comment_mention'");
    const body = "Ping again @[Laura](user:" + ids[COMPANY_LEAD] + ")";
    const author = await acting(HOSTING_ADMIN);
    expect((await editComment(author, hostingRel, { intent: "edit", commentId: id, body, mentions: [ids[COMPANY_STAFF]] }, new Date())).ok).toBe(true);
    expect(await countOf("notifications where kind = 'comment_mention'")).toBe(before);
    const page = (await load(COMPANY_VIEWER, hostingRel, `?period=${PERIOD}&factor=trust`)) as ThreadData;
    expect(
      page.comments
        .find((c) => c.id === id)!
        .mentions.map((m) => m.name)
        .sort(),
    ).toEqual(["Laura Koskinen", "Mikko Heinonen"]);
    expect(page.audience.map((p) => p.userId)).not.toContain(ids[STARTUP_STAFF]);
  });

  it("refuses a mention of someone who cannot see the thread (400 naming the field): nothing written, nobody told", async () => {
    const before = { comments: await countOf("comments"), notifications: await countOf("notifications") };
    for (const fields of [[["mentions", String(ids[STARTUP_STAFF])]], [["body", `hi @[Emilia](user:${ids[STARTUP_STAFF]})`]], [["mentions", "99999"]]] as Array<
      Array<[string, string]>
    >) {
      const body = fields.find(([k]) => k === "body") ?? ["body", "hi"];
      const reply = (await send(HOSTING_ADMIN, hostingRel, [["intent", "post"], ["period", PERIOD], body, ...fields.filter(([k]) => k !== "body")])) as Reply;
      expect(reply.init.status).toBe(400);
      expect(reply.data.result.error?.mentions).toEqual(["comments.error.mention"]);
    }
    expect(await countOf("comments")).toBe(before.comments);
    expect(await countOf("notifications")).toBe(before.notifications);
  });
});

describe("stored XSS attempts", () => {
  it("are stored as written and rendered as text, links only http(s)/mailto with noopener noreferrer", async () => {
    const attempts = [
      "<script>alert('x')</script>",
      '<img src=x onerror="alert(1)">',
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](&#106;avascript:alert(1))",
      "[ok](https://example.com/a?b=1)",
    ];
    for (const body of attempts) {
      const res = (await send(HOSTING_ADMIN, hostingRel, [
        ["intent", "post"],
        ["period", "2024-Q4"],
        ["body", body],
      ])) as Response;
      expect(res.status).toBe(302);
    }
    const thread = (await load(COMPANY_STAFF, hostingRel, "?period=2024-Q4")) as ThreadData;
    expect(thread.comments.map((c) => c.body)).toEqual(attempts);
    const html = thread.comments.map((c) => renderToStaticMarkup(createElement(CommentBody, { body: c.body, mentionNames: {} }))).join("\n");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/href="[^"]*javascript/i);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain('<a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(html.match(/<a /g)).toHaveLength(1);
  });
});

describe("counts where threads are shown", () => {
  it("the relationship page counts the quarter's threads in one grouped query, visible to the parties", async () => {
    // The page shows quarters from the first assessment to now: comment on the one it opens with.
    const pageData = async () =>
      (await run(relationshipPage.loader, get(`/relationships/${hostingRel}`, await signInAs(COMPANY_STAFF)), {
        relationshipId: String(hostingRel),
      })) as { period: string; comments: { quarter: number; byFactor: Record<string, number> } };
    const period = (await pageData()).period;
    const author = await acting(HOSTING_ADMIN);
    for (const factor of [undefined, "trust", "trust", "selling"] as const)
      await postComment(author, hostingRel, { intent: "post", period, factor, body: "x" });
    const data = await pageData();
    const expected = async (factor: string | null, quarter = period) =>
      countOf(
        `comments where relationship_id = ? and period = ? and ${factor ? "factor = ?" : "factor is null"}`,
        hostingRel,
        quarter,
        ...(factor ? [factor] : []),
      );
    expect(data.comments.quarter).toBe(await expected(null));
    expect(data.comments.byFactor.trust).toBe(await expected("trust"));
    expect(data.comments).toEqual({ quarter: await expected(null), byFactor: { trust: 2, selling: 1 } });
    const cells = await factorThreadCounts(await acting(COMPANY_LEAD), [hostingRel, supplierRel], PERIOD);
    expect(cells).toEqual({ [`${hostingRel}:trust`]: await expected("trust", PERIOD), [`${hostingRel}:knowledge`]: await expected("knowledge", PERIOD) });

    // The compare view: the counts of the matrix's cells for the quarter shown, for the partners in it.
    const compare = async (email: string) =>
      (await run(comparePage.loader, get(`/compare?r=${hostingRel}&r=${supplierRel}&q=${PERIOD}`, await signInAs(email)))) as {
        comments: Record<string, number>;
      };
    expect((await compare(COMPANY_LEAD)).comments).toEqual(cells);
    // Another organisation's user: the ids are dropped, and no count of them is shown.
    expect((await compare(STARTUP_STAFF)).comments).toEqual({});
  });
});
