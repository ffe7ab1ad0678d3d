import { ScrollTable } from "~/components/scroll-table";
import type { SubmissionResult } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { parseWithZod } from "@conform-to/zod";
import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { ContrastScope } from "~/components/relationship/contrast";
import { AdminPage } from "~/components/admin/admin-ui";
import { ConformForm, FormError, FormFooter, TextareaField, useSchemaForm, useSubmitting } from "~/components/forms";
import { modelPageLinks } from "~/components/admin/model-page-links";
import { ModelStatusBadge } from "~/components/admin/model-status";
import type { ScoreBandKey } from "~/domain/score-bands";
import { publishModelSchema } from "~/forms/importance-model";
import { serverTranslator } from "~/i18n/i18n.server";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { PREVIEW_ROW_LIMIT, previewModelVersion, publishDraft } from "~/models/importance-model.server";
import { idParam } from "~/http/route-params.server";
import { pageTitle } from "~/i18n/page-title";
import { refusalReply } from "~/http/refusal";

export const links = modelPageLinks;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.title ? [{ title: data.title }] : pageTitle(matches, "model.title", { admin: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const preview = await previewModelVersion(user, idParam(params, "modelId"));
  const { t } = await serverTranslator(request, user.locale);
  // Only what the page shows.
  return {
    title: `${t("model.preview.title")} · ${t("model.title")}`,
    model: { id: preview.version.id, status: preview.version.status, name: preview.version.name, version: preview.version.version },
    currentVersion: preview.currentVersion,
    candidateVersion: preview.candidateVersion,
    relationshipCount: preview.relationshipCount,
    counts: preview.counts,
    // The limit travels with the data: a .server import is an empty module in the browser.
    rowLimit: PREVIEW_ROW_LIMIT,
    rows: preview.rows.map((r) => ({
      relationshipId: r.relationshipId,
      period: r.period,
      providerName: r.providerName,
      customerName: r.customerName,
      serviceName: r.serviceName,
      chainName: r.chainName,
      current: { score: r.current.score, band: r.current.band },
      draft: { score: r.draft.score, band: r.draft.band },
      change: r.change,
      bandChanged: r.bandChanged,
      quadrantChanges: r.quadrantChanges,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const id = idParam(params, "modelId");
  const submission = parseWithZod(await request.formData(), { schema: publishModelSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await publishDraft(user, id, submission.value.note, clientIp(context));
  if (!result.ok) return data({ result: refusalReply(submission, result) }, { status: result.status });
  return redirect(`/admin/model?published=${result.version}`);
}

function Score({ score, band }: { score: number | null; band: ScoreBandKey | null }) {
  const { t, fixed } = useI18n();
  if (score === null) return <span className="rel-sm">{t("chain.noScore")}</span>;
  return (
    <>
      <span className="rel-b" data-testid="preview-score">
        {fixed(score, 1)}
      </span>{" "}
      <span className="rel-xs">{band ? t(labelKey("model.band", band)) : ""}</span>
    </>
  );
}

function PublishForm({ lastResult, next }: { lastResult?: SubmissionResult<string[]> | null; next: number }) {
  const { t } = useI18n();
  const submitting = useSubmitting("publish");
  const [form, fields] = useSchemaForm(publishModelSchema, { id: "publish", lastResult });
  return (
    <ConformForm form={form} aria-labelledby="publish-heading">
      <input type="hidden" name="intent" value="publish" />
      <Stack gap="sm">
        <Title order={2} size="h3" id="publish-heading">
          {t("model.publish.title", { version: next })}
        </Title>
        <Text size="sm">{t("model.publish.intro")}</Text>
        <FormError form={form} />
        <TextareaField field={fields.note} label={t("model.publish.note")} description={t("model.publish.noteHint")} autosize minRows={2} maw={640} />
        <FormFooter submitLabel={t("model.publish.submit", { version: next })} pending={submitting} />
      </Stack>
    </ConformForm>
  );
}

export default function ModelPreviewPage() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t, quarter, fixed, number } = useI18n();
  const candidate =
    d.model.status === "draft" ? t("model.preview.draftAs", { version: d.candidateVersion }) : t("model.preview.version", { version: d.candidateVersion });
  const current = t("model.preview.active", { version: d.currentVersion });
  return (
    <ContrastScope>
      <AdminPage
        title={t("model.preview.heading", { candidate, current })}
        intro={t("model.preview.intro")}
        back={{
          to: `/admin/model/${d.model.id}`,
          label:
            d.model.version === null
              ? t("model.draftLabel", { name: d.model.name })
              : t("model.versionLabel", { version: d.model.version, name: d.model.name }),
        }}
        actions={<ModelStatusBadge status={d.model.status} />}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} data-testid="preview-counts">
          {(
            [
              ["model.preview.count.scored", d.counts.relationships],
              ["model.preview.count.changed", d.counts.changed],
              ["model.preview.count.band", d.counts.bandChanged],
              ["model.preview.count.quadrant", d.counts.quadrantChanged],
            ] as const
          ).map(([key, n]) => (
            <Paper withBorder p="sm" key={key} data-count={key.split(".").at(-1)}>
              <Text fw={700} size="xl">
                {number(n, 0)}
              </Text>
              <Text size="sm">{t(key, { count: n, total: d.relationshipCount })}</Text>
            </Paper>
          ))}
        </SimpleGrid>

        <section aria-labelledby="preview-heading">
          <Title order={2} size="h3" id="preview-heading" mb="xs">
            {t("model.preview.rows")}
          </Title>
          {d.counts.relationships > d.rowLimit ? (
            <Text size="sm">{t("model.preview.limited", { shown: d.rowLimit, total: d.counts.relationships })}</Text>
          ) : null}
          {d.rows.length === 0 ? (
            <Text size="sm">{t("model.preview.none")}</Text>
          ) : (
            <ScrollTable className="rel-table cols" style={{ minWidth: 680 }} data-testid="preview-table">
              <thead>
                <tr>
                  <th scope="col">{t("model.preview.col.relationship")}</th>
                  <th scope="col" className="num">
                    {current}
                  </th>
                  <th scope="col" className="num">
                    {candidate}
                  </th>
                  <th scope="col" className="num">
                    {t("model.preview.col.change")}
                  </th>
                  <th scope="col">{t("model.preview.col.quadrants")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.relationshipId} data-relationship={r.relationshipId}>
                    <th scope="row">
                      <Anchor component={Link} to={`/relationships/${r.relationshipId}`} size="sm">
                        {r.providerName} → {r.customerName}
                      </Anchor>
                      <div className="rel-xs">
                        {r.serviceName} · {r.chainName} · {quarter(r.period)}
                      </div>
                    </th>
                    <td className="num">
                      <Score {...r.current} />
                    </td>
                    <td className="num">
                      <Score {...r.draft} />
                      {r.bandChanged ? <div className="rel-xs rel-b">{t("model.preview.bandChanged")}</div> : null}
                    </td>
                    <td className="num">
                      {r.change === null ? (
                        "–"
                      ) : r.change === 0 ? (
                        <span>{t("model.preview.noChange")}</span>
                      ) : (
                        <span className={r.change > 0 ? "model-change-up" : "model-change-down"}>
                          {r.change > 0 ? "+" : "−"}
                          {fixed(Math.abs(r.change), 1)}
                        </span>
                      )}
                    </td>
                    <td>
                      {r.quadrantChanges.length === 0 ? (
                        <span className="rel-sm">–</span>
                      ) : (
                        <ul className="model-problem-list rel-xs">
                          {r.quadrantChanges.map((q) => (
                            <li key={q.factor}>
                              {t(labelKey("factor", q.factor))}: {q.from ? t(labelKey("quadrant", q.from)) : "–"} → {q.to ? t(labelKey("quadrant", q.to)) : "–"}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </section>

        {d.model.status === "draft" ? (
          <Paper withBorder p="md">
            <PublishForm lastResult={reply?.result} next={d.candidateVersion} />
          </Paper>
        ) : null}
      </AdminPage>
    </ContrastScope>
  );
}
