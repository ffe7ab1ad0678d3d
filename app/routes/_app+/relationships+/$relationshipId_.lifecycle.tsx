import { parseWithZod } from "@conform-to/zod";
import { labelKey, knownLabel } from "~/i18n/labels";
import { Stack, Text } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ConformForm, DateField, FormError, FormFooter, SelectField, TextareaField, useSchemaForm } from "~/components/forms";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { RelationshipTitle } from "~/components/relationship/header";
import { LIFECYCLE_REASON_CATEGORIES, LIFECYCLE_STAGES } from "~/domain/factors";
import { defaultReasonFor, isReactivatable, lifecycleSchema, todayIso } from "~/forms/lifecycle";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { forbidden, requireRelationshipWriter } from "~/models/access.server";
import { changeLifecycleStage, getLifecycleForm } from "~/models/lifecycle.server";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.lifecycle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await getLifecycleForm(user, idParam(params, "relationshipId"));
  if (!form.header.canWrite) forbidden();
  return { ...form, today: todayIso(new Date(), user.timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  await requireRelationshipWriter(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: lifecycleSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // The shared schema refuses only dates in the future everywhere; here "today" is the user's.
  if (submission.value.changedOn > todayIso(new Date(), user.timeZone)) {
    return data(submission.reply({ fieldErrors: { changedOn: ["rel.form.dateFuture"] } }), { status: 400 });
  }
  const outcome = await changeLifecycleStage(user, relationshipId, submission.value);
  if (!outcome.ok) return refusalResponse(submission, outcome);
  return redirect(`/relationships/${relationshipId}`);
}

export default function LifecyclePage() {
  const { header, allowed, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const first = allowed[0];
  const [form, fields] = useSchemaForm(lifecycleSchema, {
    lastResult,
    defaultValue: { toStage: first, reasonCategory: first ? defaultReasonFor(first) : "other", changedOn: today },
  });
  const stageLabel = (s: string) =>
    s === "active" && isReactivatable(header.stage)
      ? t("lifecycle.reactivation", { stage: knownLabel(t, "stage", LIFECYCLE_STAGES, s) })
      : knownLabel(t, "stage", LIFECYCLE_STAGES, s);
  return (
    <ContrastScope>
      <Stack gap="lg" maw={720}>
        <RelationshipTitle header={header} title={t("lifecycle.title")} />
        <Text>{t("lifecycle.intro")}</Text>
        <Text size="sm">
          {t("rel.lifecycle.current")}: <strong>{t(labelKey("stage", header.stage))}</strong>
        </Text>
        <ConformForm form={form}>
          <Stack gap="md">
            <FormError form={form} />
            <SelectField field={fields.toStage} label={t("lifecycle.toStage")} options={allowed.map((s) => ({ value: s, label: stageLabel(s) }))} />
            <SelectField
              field={fields.reasonCategory}
              label={t("lifecycle.reason")}
              options={LIFECYCLE_REASON_CATEGORIES.map((r) => ({ value: r, label: t(labelKey("reason", r)) }))}
            />
            <DateField field={fields.changedOn} label={t("lifecycle.changedOn")} max={today} w={220} />
            <TextareaField field={fields.note} label={t("lifecycle.note")} description={t("lifecycle.noteHint")} minRows={3} />
            <FormFooter submitLabel={t("lifecycle.submit")} cancelTo={`/relationships/${header.id}`} />
          </Stack>
        </ConformForm>
      </Stack>
    </ContrastScope>
  );
}
