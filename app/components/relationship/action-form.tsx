import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import { ContrastScope } from "~/components/relationship/contrast";
import { RelationshipTitle } from "~/components/relationship/header";
import { labelKey } from "~/i18n/labels";
import { Group, Stack } from "@mantine/core";
import { ConformForm, DateField, FormFooter, SelectField, TextareaField, TextField, useSchemaForm } from "~/components/forms";
import { ACTION_PHASES, ACTION_STATUSES, FACTORS } from "~/domain/factors";
import { developmentActionSchema } from "~/forms/development-action";
import { useI18n } from "~/i18n/use-i18n";
import type { ActionForm } from "~/models/development-action.server";

/** The development action form, for a new action and for editing one. */
export function DevelopmentActionForm({ data, lastResult }: { data: ActionForm; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const a = data.action;
  const [form, fields] = useSchemaForm(developmentActionSchema, {
    lastResult,
    defaultValue: a ? { ...a, ownerUserId: String(a.ownerUserId) } : { phase: ACTION_PHASES[0], status: "planned", factor: data.prefill?.factor ?? "" },
  });
  const optional = (label: string) => `${label} (${t("rel.form.optional")})`;
  return (
    <ConformForm form={form}>
      <Stack gap="md">
        <TextField field={fields.title} label={t("action.title")} />
        <TextareaField field={fields.description} label={optional(t("action.description"))} />
        <Group grow align="flex-start">
          <SelectField field={fields.phase} label={t("action.phase")} options={ACTION_PHASES.map((p) => ({ value: p, label: t(labelKey("phase", p)) }))} />
          <SelectField
            field={fields.factor}
            label={optional(t("action.factor"))}
            options={[{ value: "", label: t("rel.form.none") }, ...FACTORS.map((f) => ({ value: f, label: t(labelKey("factor", f)) }))]}
          />
        </Group>
        <Group grow align="flex-start">
          <SelectField
            field={fields.ownerUserId}
            label={t("action.owner")}
            options={[{ value: "", label: "–" }, ...data.owners.map((o) => ({ value: String(o.userId), label: `${o.name} (${o.organisationName})` }))]}
          />
          <DateField field={fields.dueDate} label={optional(t("action.dueDate"))} />
          <SelectField
            field={fields.status}
            label={t("action.status")}
            options={ACTION_STATUSES.map((s) => ({ value: s, label: t(labelKey("actionStatus", s)) }))}
          />
        </Group>
        <TextareaField field={fields.outcomeNote} label={t("action.outcome")} description={t("action.outcomeHint")} />
        <FormFooter submitLabel={t("rel.form.save")} cancelTo={`/relationships/${data.header.id}`} />
      </Stack>
    </ConformForm>
  );
}

/** The new and edit action pages: the relationship's title, anything the page adds, and the form. */
export function DevelopmentActionPage({
  data,
  lastResult,
  title,
  children,
}: {
  data: ActionForm;
  lastResult: SubmissionResult<string[]> | undefined;
  title: string;
  children?: ReactNode;
}) {
  return (
    <ContrastScope>
      <Stack gap="lg" maw={820}>
        <RelationshipTitle header={data.header} title={title} />
        {children}
        <DevelopmentActionForm data={data} lastResult={lastResult} />
      </Stack>
    </ContrastScope>
  );
}
