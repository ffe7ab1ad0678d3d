import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Anchor, Button, Group, NativeSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { Form, Link } from "@remix-run/react";
import { ACTION_PHASES, ACTION_STATUSES, FACTORS } from "~/domain/factors";
import { developmentActionSchema } from "~/forms/development-action";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import type { ActionForm } from "~/models/development-action.server";
import { useErrorText } from "./header";

/** The development action form, for a new action and for editing one. */
export function DevelopmentActionForm({ data, lastResult }: { data: ActionForm; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const a = data.action;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: a ? { ...a, ownerUserId: String(a.ownerUserId) } : { phase: ACTION_PHASES[0], status: "planned", factor: data.prefill?.factor ?? "" },
    constraint: getZodConstraint(developmentActionSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: developmentActionSchema }),
  });
  const optional = (label: string) => `${label} (${t("rel.form.optional")})`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack gap="md">
        <TextInput
          {...getInputProps(fields.title, { type: "text" })}
          key={fields.title.key}
          label={t("action.title")}
          error={errorText(fields.title.errors?.[0])}
        />
        <Textarea
          {...getTextareaProps(fields.description)}
          key={fields.description.key}
          label={optional(t("action.description"))}
          autosize
          minRows={2}
          error={errorText(fields.description.errors?.[0])}
        />
        <Group grow align="flex-start">
          <NativeSelect
            {...getSelectProps(fields.phase)}
            key={fields.phase.key}
            label={t("action.phase")}
            data={ACTION_PHASES.map((p) => ({ value: p, label: t(`phase.${p}` as MessageKey) }))}
            error={errorText(fields.phase.errors?.[0])}
          />
          <NativeSelect
            {...getSelectProps(fields.factor)}
            key={fields.factor.key}
            label={optional(t("action.factor"))}
            data={[{ value: "", label: t("rel.form.none") }, ...FACTORS.map((f) => ({ value: f, label: t(`factor.${f}` as MessageKey) }))]}
            error={errorText(fields.factor.errors?.[0])}
          />
        </Group>
        <Group grow align="flex-start">
          <NativeSelect
            {...getSelectProps(fields.ownerUserId)}
            key={fields.ownerUserId.key}
            label={t("action.owner")}
            data={[
              { value: "", label: "–" },
              ...data.owners.map((o) => ({ value: String(o.userId), label: `${o.name} (${o.organisationName})` })),
            ]}
            error={errorText(fields.ownerUserId.errors?.[0])}
          />
          <TextInput
            {...getInputProps(fields.dueDate, { type: "date" })}
            key={fields.dueDate.key}
            label={optional(t("action.dueDate"))}
            error={errorText(fields.dueDate.errors?.[0])}
          />
          <NativeSelect
            {...getSelectProps(fields.status)}
            key={fields.status.key}
            label={t("action.status")}
            data={ACTION_STATUSES.map((s) => ({ value: s, label: t(`actionStatus.${s}` as MessageKey) }))}
            error={errorText(fields.status.errors?.[0])}
          />
        </Group>
        <Textarea
          {...getTextareaProps(fields.outcomeNote)}
          key={fields.outcomeNote.key}
          label={t("action.outcome")}
          description={t("action.outcomeHint")}
          autosize
          minRows={2}
          error={errorText(fields.outcomeNote.errors?.[0])}
        />
        <Group>
          <Button type="submit">{t("rel.form.save")}</Button>
          <Anchor component={Link} to={`/relationships/${data.header.id}`}>
            {t("rel.form.cancel")}
          </Anchor>
        </Group>
      </Stack>
    </Form>
  );
}
