import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Alert, Anchor, Badge, Card, Stack, Table, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConformForm, FormError, FormFooter, TextField, useSchemaForm } from "~/components/forms";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { requireRelationshipAccess } from "~/models/access.server";
import { RelationshipTitle } from "~/components/relationship/header";
import { FACTORS } from "~/domain/factors";
import { reopenSchema } from "~/forms/assessment";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getAssessmentView, reopenAssessment } from "~/models/assessment.server";
import { listAssessmentEvidence } from "~/models/attachments.server";
import { AttachmentList } from "~/components/attachments/attachment-list";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.assessment");

/** One submitted assessment (or the user's own draft), read-only, with reopening for an admin of the assessing organisation. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const view = await getAssessmentView(user, idParam(params, "relationshipId"), idParam(params, "assessmentId"));
  // The files of each factor's evidence, scoped as the assessment itself.
  const evidenceFiles = await listAssessmentEvidence(user, view.assessment.id, FACTORS);
  return { ...view, evidenceFiles, reopened: new URL(request.url).searchParams.has("reopened") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  await requireRelationshipAccess(user, relationshipId);
  const assessmentId = idParam(params, "assessmentId");
  const submission = parseWithZod(await request.formData(), { schema: reopenSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await reopenAssessment(user, relationshipId, assessmentId, submission.value.reason);
  if (!outcome.ok) return refusalResponse(submission, outcome);
  return redirect(`/relationships/${relationshipId}/assessments/${assessmentId}?reopened=1`);
}

export default function AssessmentViewPage() {
  const { header, assessment, evidenceFiles, reopened } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, quarter, dateTime } = useI18n();
  const [form, fields] = useSchemaForm(reopenSchema, { lastResult });
  return (
    <ContrastScope>
      <Stack gap="lg" maw={900}>
        <RelationshipTitle header={header} title={t("assessment.view.title", { name: assessment.assessorName })} />
        <Text>
          {t("assessment.view.meta", {
            side: t(labelKey("rel.sideName", assessment.side)),
            organisation: assessment.organisationName,
            period: quarter(assessment.period),
          })}{" "}
          {/* A span: Mantine's Badge is a div, which may not sit in a <p> (the browser splits the paragraph and hydration fails). */}
          <Badge component="span" variant="light" color={assessment.status === "submitted" ? "teal" : "gray"} tt="none">
            {t(labelKey("assessmentStatus", assessment.status))}
          </Badge>
        </Text>
        {reopened ? (
          <Alert color="teal" variant="light" role="status">
            {t("assessment.reopened")}
          </Alert>
        ) : null}
        {assessment.submittedAt ? <Text size="sm">{t("assessment.locked", { date: dateTime(assessment.submittedAt) })}</Text> : null}
        {/* A native, focusable scroller: on a phone a keyboard can scroll the table sideways (WCAG 2.1.1). */}
        <Table.ScrollContainer
          minWidth={560}
          type="native"
          tabIndex={0}
          role="region"
          aria-label={t("assessment.view.title", { name: assessment.assessorName })}
        >
          <Table withTableBorder verticalSpacing={6} data-testid="assessment-scores">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("chain.factor")}</Table.Th>
                <Table.Th scope="col">{t("assessment.view.score")}</Table.Th>
                <Table.Th scope="col">{t("assessment.evidence")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FACTORS.map((f) => {
                const a = assessment.scores[f];
                const value = !a
                  ? t("assessment.view.noAnswer")
                  : a.notApplicable
                    ? t("assessment.score.na")
                    : a.score !== null
                      ? t(labelKey("assessment.score", a.score))
                      : t("assessment.view.noAnswer");
                return (
                  <Table.Tr key={f} data-factor={f}>
                    <Table.Th scope="row" fw={500}>
                      {t(labelKey("factor", f))}
                    </Table.Th>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{value}</Table.Td>
                    <Table.Td>
                      {a?.evidence ?? "–"}
                      <AttachmentList
                        items={evidenceFiles[f]?.items ?? []}
                        redirectTo={`/relationships/${header.id}/assessments/${assessment.id}`}
                        label={t("attachments.factorFiles", { factor: t(labelKey("factor", f)) })}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {assessment.status === "draft" && assessment.mine ? (
          <Anchor component={Link} to={`/relationships/${header.id}/assess?period=${assessment.period}`}>
            {t("rel.assessments.continue", { period: quarter(assessment.period) })}
          </Anchor>
        ) : null}
        {assessment.canReopen ? (
          <Card withBorder padding="md" component="section" aria-labelledby="reopen-heading">
            <ConformForm form={form}>
              <Stack gap="sm">
                <Title order={2} size="h4" id="reopen-heading">
                  {t("assessment.reopenTitle")}
                </Title>
                <Text size="sm">{t("assessment.reopenIntro")}</Text>
                <FormError form={form} />
                <TextField field={fields.reason} label={t("assessment.reopenReason")} />
                <FormFooter submitLabel={t("assessment.reopen")} submitProps={{ variant: "outline", color: "red" }} />
              </Stack>
            </ConformForm>
          </Card>
        ) : null}
        <Anchor component={Link} to={`/relationships/${header.id}?period=${assessment.period}`}>
          {t("assessment.back")}
        </Anchor>
      </Stack>
    </ContrastScope>
  );
}
