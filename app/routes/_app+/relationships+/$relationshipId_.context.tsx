import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Stack, Text } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ConformForm, FormFooter, SelectField, TextareaField, useSchemaForm } from "~/components/forms";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { RelationshipTitle } from "~/components/relationship/header";
import { MATURITIES } from "~/domain/factors";
import { maturityOverrideSchema } from "~/forms/relationship-context";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { forbidden, requireRelationshipWriter } from "~/models/access.server";
import { getContextForm, setMaturityOverride } from "~/models/relationship-context.server";
import { idParam } from "~/http/route-params.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.maturity");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await getContextForm(user, idParam(params, "relationshipId"));
  if (!form.header.canWrite) forbidden();
  return form;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  await requireRelationshipWriter(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: maturityOverrideSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await setMaturityOverride(user, relationshipId, submission.value);
  return redirect(`/relationships/${relationshipId}`);
}

export default function ContextPage() {
  const { header, derivedMaturity, maturityOverride, maturityOverrideNote } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(maturityOverrideSchema, {
    lastResult,
    defaultValue: { maturity: maturityOverride ?? "derived", note: maturityOverrideNote ?? "" },
  });
  return (
    <ContrastScope>
      <Stack gap="lg" maw={720}>
        <RelationshipTitle header={header} title={t("context.title")} />
        <Text>{t("context.intro")}</Text>
        <ConformForm form={form}>
          <Stack gap="md">
            <SelectField
              field={fields.maturity}
              label={t("context.maturity")}
              options={[
                { value: "derived", label: t("context.derived", { value: t(labelKey("maturity", derivedMaturity)) }) },
                ...MATURITIES.map((m) => ({ value: m, label: t(labelKey("maturity", m)) })),
              ]}
            />
            <TextareaField field={fields.note} label={t("context.note")} />
            <FormFooter submitLabel={t("rel.form.save")} cancelTo={`/relationships/${header.id}`} />
          </Stack>
        </ConformForm>
      </Stack>
    </ContrastScope>
  );
}
