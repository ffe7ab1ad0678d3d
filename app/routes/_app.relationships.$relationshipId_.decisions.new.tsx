import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Anchor, Button, Group, NativeSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { requireRelationshipWriter } from "~/models/access.server";
import { RelationshipTitle, useErrorText } from "~/components/relationship/header";
import { FACTORS } from "~/domain/factors";
import { decisionSchema } from "~/forms/decision";
import { todayIso } from "~/forms/lifecycle";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { addDecision, getDecisionForm } from "~/models/development-action.server";
import { idParam } from "~/models/relationship.server";

export const meta: MetaFunction = () => [{ title: "Decision log · Service chain portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...getDecisionForm(user, idParam(params.relationshipId)), today: todayIso(new Date(), user.timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params.relationshipId);
  requireRelationshipWriter(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: decisionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // The shared schema refuses only dates in the future everywhere; here "today" is the user's.
  if (submission.value.decidedOn > todayIso(new Date(), user.timeZone)) {
    return data(submission.reply({ fieldErrors: { decidedOn: ["rel.form.dateFuture"] } }), { status: 400 });
  }
  addDecision(user, relationshipId, submission.value);
  return redirect(`/relationships/${relationshipId}#decisions-heading`);
}

export default function NewDecisionPage() {
  const { header, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { decidedOn: today, factor: "" },
    constraint: getZodConstraint(decisionSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: decisionSchema }),
  });
  const optional = (label: string) => `${label} (${t("rel.form.optional")})`;
  return (
    <ContrastScope>
      <Stack gap="lg" maw={720}>
        <RelationshipTitle header={header} title={t("decision.titleNew")} />
        <Form method="post" {...getFormProps(form)}>
          <Stack gap="md">
            <TextInput
              {...getInputProps(fields.decidedOn, { type: "date" })}
              key={fields.decidedOn.key}
              label={t("decision.decidedOn")}
              max={today}
              w={220}
              error={errorText(fields.decidedOn.errors?.[0])}
            />
            <TextInput
              {...getInputProps(fields.title, { type: "text" })}
              key={fields.title.key}
              label={t("decision.title")}
              error={errorText(fields.title.errors?.[0])}
            />
            <Textarea
              {...getTextareaProps(fields.note)}
              key={fields.note.key}
              label={optional(t("decision.note"))}
              autosize
              minRows={2}
              error={errorText(fields.note.errors?.[0])}
            />
            <NativeSelect
              {...getSelectProps(fields.factor)}
              key={fields.factor.key}
              label={optional(t("decision.factor"))}
              data={[
                { value: "", label: t("rel.form.none") },
                ...FACTORS.map((f) => ({ value: f, label: t(`factor.${f}` as MessageKey) })),
              ]}
              error={errorText(fields.factor.errors?.[0])}
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
