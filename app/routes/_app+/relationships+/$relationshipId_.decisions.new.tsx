import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Stack } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ConformForm, DateField, FormFooter, SelectField, TextareaField, TextField, useSchemaForm } from "~/components/forms";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { requireRelationshipWriter } from "~/models/access.server";
import { RelationshipTitle } from "~/components/relationship/header";
import { FACTORS } from "~/domain/factors";
import { decisionSchema } from "~/forms/decision";
import { todayIso } from "~/forms/lifecycle";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { addDecision, getDecisionForm } from "~/models/development-action.server";
import { idParam } from "~/http/route-params.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.newDecision");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await getDecisionForm(user, idParam(params, "relationshipId"))), today: todayIso(new Date(), user.timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  await requireRelationshipWriter(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: decisionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // The shared schema refuses only dates in the future everywhere; here "today" is the user's.
  if (submission.value.decidedOn > todayIso(new Date(), user.timeZone)) {
    return data(submission.reply({ fieldErrors: { decidedOn: ["rel.form.dateFuture"] } }), { status: 400 });
  }
  await addDecision(user, relationshipId, submission.value);
  return redirect(`/relationships/${relationshipId}#decisions-heading`);
}

export default function NewDecisionPage() {
  const { header, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(decisionSchema, { lastResult, defaultValue: { decidedOn: today, factor: "" } });
  const optional = (label: string) => `${label} (${t("rel.form.optional")})`;
  return (
    <ContrastScope>
      <Stack gap="lg" maw={720}>
        <RelationshipTitle header={header} title={t("decision.titleNew")} />
        <ConformForm form={form}>
          <Stack gap="md">
            <DateField field={fields.decidedOn} label={t("decision.decidedOn")} max={today} w={220} />
            <TextField field={fields.title} label={t("decision.title")} />
            <TextareaField field={fields.note} label={optional(t("decision.note"))} />
            <SelectField
              field={fields.factor}
              label={optional(t("decision.factor"))}
              options={[{ value: "", label: t("rel.form.none") }, ...FACTORS.map((f) => ({ value: f, label: t(labelKey("factor", f)) }))]}
            />
            <FormFooter submitLabel={t("rel.form.save")} cancelTo={`/relationships/${header.id}`} />
          </Stack>
        </ConformForm>
      </Stack>
    </ContrastScope>
  );
}
