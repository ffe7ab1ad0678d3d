import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Anchor, Button, Group, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { RelationshipTitle, useErrorText } from "~/components/relationship/header";
import { MATURITIES } from "~/domain/factors";
import { maturityOverrideSchema } from "~/forms/relationship-context";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { forbidden, requireRelationshipWriter } from "~/models/access.server";
import { getContextForm, idParam, setMaturityOverride } from "~/models/relationship.server";

export const meta: MetaFunction = () => [{ title: "Maturity · Service chain portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = getContextForm(user, idParam(params.relationshipId));
  if (!form.header.canWrite) forbidden();
  return form;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params.relationshipId);
  requireRelationshipWriter(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: maturityOverrideSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  setMaturityOverride(user, relationshipId, submission.value);
  return redirect(`/relationships/${relationshipId}`);
}

export default function ContextPage() {
  const { header, derivedMaturity, maturityOverride, maturityOverrideNote } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { maturity: maturityOverride ?? "derived", note: maturityOverrideNote ?? "" },
    constraint: getZodConstraint(maturityOverrideSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: maturityOverrideSchema }),
  });
  return (
    <ContrastScope>
      <Stack gap="lg" maw={720}>
        <RelationshipTitle header={header} title={t("context.title")} />
        <Text>{t("context.intro")}</Text>
        <Form method="post" {...getFormProps(form)}>
          <Stack gap="md">
            <NativeSelect
              {...getSelectProps(fields.maturity)}
              key={fields.maturity.key}
              label={t("context.maturity")}
              data={[
                { value: "derived", label: t("context.derived", { value: t(`maturity.${derivedMaturity}` as MessageKey) }) },
                ...MATURITIES.map((m) => ({ value: m, label: t(`maturity.${m}` as MessageKey) })),
              ]}
              error={errorText(fields.maturity.errors?.[0])}
            />
            <Textarea
              {...getTextareaProps(fields.note)}
              key={fields.note.key}
              label={t("context.note")}
              autosize
              minRows={2}
              error={errorText(fields.note.errors?.[0])}
            />
            <Group>
              <Button type="submit">{t("rel.form.save")}</Button>
              <Anchor component={Link} to={`/relationships/${header.id}`}>
                {t("rel.form.cancel")}
              </Anchor>
            </Group>
          </Stack>
        </Form>
      </Stack>
    </ContrastScope>
  );
}
