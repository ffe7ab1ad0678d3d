import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { parseWithZod } from "@conform-to/zod";
import { Alert, Anchor, Box, Button, Card, Group, NativeSelect, Radio, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { requireRelationshipAccess } from "~/models/access.server";
import { ConformForm, FormError, FormFooter, TextareaField, TextField, useErrorText, useSchemaForm, useSubmitting } from "~/components/forms";
import { ContrastScope } from "~/components/relationship/contrast";
import { RelationshipTitle } from "~/components/relationship/header";
import { FACTORS, type FactorKey } from "~/domain/factors";
import { answersFrom, assessmentSchema, evidenceField, scoreField } from "~/forms/assessment";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getAssessmentForm, getAssessmentStart, saveAssessment } from "~/models/assessment.server";
import { listAssessmentEvidence } from "~/models/attachments.server";
import { EvidenceFiles } from "~/components/attachments/evidence-files";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.assess");

const PERIOD_ERRORS = {
  malformed: "assessment.error.periodFormat",
  future: "assessment.error.periodFuture",
  before_start: "assessment.error.periodBeforeStart",
} as const;

/** Without ?period: pick a quarter. With it: the user's own assessment of that quarter (new, draft or locked). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  const url = new URL(request.url);
  const period = url.searchParams.get("period");
  if (period !== null) {
    const form = await getAssessmentForm(user, relationshipId, period.trim());
    if (!form.periodProblem) {
      // The draft's evidence files (none before the first save: a file needs the assessment it belongs to).
      const evidenceFiles = form.assessment?.status === "draft" ? await listAssessmentEvidence(user, form.assessment.id, FACTORS) : null;
      return { mode: "form" as const, ...form, evidenceFiles, saved: url.searchParams.has("saved") };
    }
    return {
      mode: "start" as const,
      ...(await getAssessmentStart(user, relationshipId)),
      periodError: PERIOD_ERRORS[form.periodProblem],
      requested: period,
    };
  }
  return { mode: "start" as const, ...(await getAssessmentStart(user, relationshipId)), periodError: null, requested: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  // A relationship the user cannot see is a 404 before the form is read.
  await requireRelationshipAccess(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: assessmentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { period, revision, intent } = submission.value;
  const outcome = await saveAssessment(user, relationshipId, { period, revision, intent, answers: answersFrom(submission.value) });
  if (!outcome.ok) return refusalResponse(submission, outcome);
  if (outcome.status === "submitted") return redirect(`/relationships/${relationshipId}?period=${period}&submitted=1`);
  return redirect(`/relationships/${relationshipId}/assess?period=${period}&saved=1`);
}

export default function AssessPage() {
  const loaderData = useLoaderData<typeof loader>();
  return <ContrastScope>{loaderData.mode === "start" ? <StartAssessment data={loaderData} /> : <AssessmentFormPage data={loaderData} />}</ContrastScope>;
}

type StartData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { mode: "start" }>;
type AssessFormData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { mode: "form" }>;

function Blocked({ reason }: { reason: "not_party" | "read_only" }) {
  const { t } = useI18n();
  return (
    <Alert color="gray" variant="light" data-testid="assessment-blocked">
      {reason === "not_party" ? t("assessment.notParty") : t("assessment.readOnlyNotice")}
    </Alert>
  );
}

function Direction({ header }: { header: StartData["header"] }) {
  const { t } = useI18n();
  if (!header.side) return null;
  return <Text>{t(labelKey("assessment.direction", header.side), { provider: header.provider.name, customer: header.customer.name })}</Text>;
}

function StartAssessment({ data }: { data: StartData }) {
  const { t, quarter } = useI18n();
  const errorText = useErrorText();
  const status = (p: StartData["periods"][number]) =>
    [p.mine ? t(labelKey("assessment.mine", p.mine)) : null, p.sideSubmitted ? t("assessment.sideSubmitted", { count: p.sideSubmitted }) : null]
      .filter(Boolean)
      .join(", ");
  return (
    <Stack gap="lg" maw={760}>
      <RelationshipTitle header={data.header} title={t("assessment.startTitle")} />
      {data.blocked ? (
        <Blocked reason={data.blocked} />
      ) : (
        <>
          <Direction header={data.header} />
          <Form method="get">
            <Stack gap="sm" maw={420}>
              <NativeSelect
                name="period"
                id="period"
                label={t("assessment.period")}
                description={t("assessment.periodHint")}
                defaultValue={data.periods.find((p) => p.mine !== "submitted")?.period}
                error={errorText(data.periodError ?? undefined)}
                data={data.periods.map((p) => {
                  const s = status(p);
                  return { value: p.period, label: s ? `${quarter(p.period)} · ${s}` : quarter(p.period) };
                })}
              />
              <Group>
                <Button type="submit">{t("assessment.start")}</Button>
              </Group>
            </Stack>
          </Form>
        </>
      )}
      <Anchor component={Link} to={`/relationships/${data.header.id}`}>
        {t("assessment.back")}
      </Anchor>
    </Stack>
  );
}

const SCORE_OPTIONS = ["1", "2", "3", "4", "5", "na"] as const;

function ScoreScale() {
  const { t } = useI18n();
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="scale-heading">
      <Title order={2} size="h5" id="scale-heading" mb={4}>
        {t("assessment.scaleTitle")}
      </Title>
      <Box component="dl" m={0} style={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: "1rem", rowGap: 2 }}>
        {SCORE_OPTIONS.map((v) => (
          <div key={v} style={{ display: "contents" }}>
            <Text component="dt" size="sm" fw={600}>
              {t(labelKey("assessment.score", v))}
            </Text>
            <Text component="dd" size="sm" m={0}>
              {t(labelKey("assessment.scoreDesc", v))}
            </Text>
          </div>
        ))}
      </Box>
    </Card>
  );
}

function FactorQuestion({
  factor,
  score,
  evidence,
  guide,
}: {
  factor: FactorKey;
  score: FieldMetadata<string | undefined>;
  evidence: FieldMetadata<string | undefined>;
  guide: string;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const scoreError = errorText(score.errors?.[0]);
  const guideId = `${score.id}-guide`;
  return (
    <Card withBorder padding="md" data-testid={`factor-${factor}`}>
      <fieldset
        style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}
        aria-describedby={scoreError ? `${guideId} ${score.errorId}` : guideId}
        aria-invalid={scoreError ? true : undefined}
      >
        <legend style={{ padding: 0 }}>
          <Title order={3} size="h4" component="span">
            {t(labelKey("factor", factor))}
          </Title>
        </legend>
        <Text size="sm" id={guideId} mb="xs">
          {guide}
        </Text>
        <Group gap="md" key={score.key}>
          {SCORE_OPTIONS.map((v) => (
            <Radio
              key={v}
              name={score.name}
              value={v}
              id={`${score.id}-${v}`}
              defaultChecked={score.initialValue === v}
              label={t(labelKey("assessment.score", v))}
              title={t(labelKey("assessment.scoreDesc", v))}
              error={scoreError ? true : undefined}
            />
          ))}
        </Group>
        {scoreError ? (
          <Text size="sm" c="red.8" id={score.errorId} mt={4} role="alert">
            {scoreError}
          </Text>
        ) : null}
      </fieldset>
      <TextareaField field={evidence} mt="sm" label={t("assessment.evidence")} description={t("assessment.evidenceHint")} />
    </Card>
  );
}

function AssessmentFormPage({ data: page }: { data: AssessFormData }) {
  const lastResult = useActionData<typeof action>();
  const { t, quarter, dateTime } = useI18n();
  const savingDraft = useSubmitting("save");
  const submitting = useSubmitting("submit");
  const { header, assessment } = page;
  const defaultValue: Record<string, string> = { period: page.period, revision: String(assessment?.revision ?? 0) };
  for (const f of FACTORS) {
    const a = assessment?.scores[f];
    if (!a) continue;
    defaultValue[scoreField(f)] = a.notApplicable ? "na" : a.score !== null ? String(a.score) : "";
    defaultValue[evidenceField(f)] = a.evidence ?? "";
  }
  const [form, fields] = useSchemaForm(assessmentSchema, {
    // A new revision is a new form: Conform then takes the saved values (and revision) as its defaults.
    id: `assessment-${header.id}-${page.period}-${assessment?.revision ?? 0}`,
    lastResult,
    defaultValue,
  });
  const title = t("assessment.title", { period: quarter(page.period) });

  if (page.blocked) {
    return (
      <Stack gap="lg" maw={900}>
        <RelationshipTitle header={header} title={title} />
        <Blocked reason={page.blocked} />
      </Stack>
    );
  }

  const locked = assessment?.status === "submitted";
  const guide = (f: FactorKey) =>
    header.side ? t(labelKey(`assessment.guide.${header.side}`, f), { provider: header.provider.name, customer: header.customer.name }) : "";

  return (
    <Stack gap="lg" maw={900}>
      <RelationshipTitle header={header} title={title} />
      <Direction header={header} />
      {page.saved && !lastResult ? (
        <Alert color="teal" variant="light" role="status">
          {t("assessment.saved")}
        </Alert>
      ) : null}
      {locked ? (
        <Alert color="blue" variant="light" data-testid="assessment-locked">
          <Stack gap={4}>
            <Text size="sm">{t("assessment.locked", { date: dateTime(assessment.submittedAt) })}</Text>
            <Text size="sm">{t("assessment.lockedReopen")}</Text>
            <Anchor component={Link} to={`/relationships/${header.id}/assessments/${assessment.id}`} size="sm">
              {t("rel.assessments.open")}
            </Anchor>
          </Stack>
        </Alert>
      ) : (
        <ConformForm form={form}>
          <Stack gap="md">
            <FormError form={form} />
            <Group align="flex-end" gap="md">
              <TextField field={fields.period} label={t("assessment.period")} readOnly variant="filled" w={180} />
              <Text size="sm" c="dimmed" pb={fields.period.errors?.length ? 28 : 8}>
                {assessment ? t("assessment.draftOf", { date: dateTime(assessment.updatedAt) }) : t("assessment.new")}
              </Text>
            </Group>
            <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
            <ScoreScale />
            {FACTORS.map((f) => (
              <FactorQuestion key={f} factor={f} score={fields[scoreField(f)]} evidence={fields[evidenceField(f)]} guide={guide(f)} />
            ))}
            <Text size="sm" c="dimmed">
              {t("assessment.submitHint")}
            </Text>
            <FormFooter submitLabel={t("assessment.saveDraft")} pending={savingDraft} submitProps={{ name: "intent", value: "save", variant: "default" }}>
              <Button type="submit" name="intent" value="submit" loading={submitting}>
                {t("assessment.submit")}
              </Button>
            </FormFooter>
          </Stack>
        </ConformForm>
      )}
      {locked ? null : (
        <EvidenceFiles
          assessmentId={assessment?.id ?? null}
          files={page.evidenceFiles}
          redirectTo={`/relationships/${header.id}/assess?period=${page.period}`}
        />
      )}
      <Anchor component={Link} to={`/relationships/${header.id}?period=${page.period}`}>
        {t("assessment.back")}
      </Anchor>
    </Stack>
  );
}
