import type { SubmissionResult } from "@conform-to/react";
import { Stack } from "@mantine/core";
import { ConformForm, FormFooter, SelectField, TextareaField, TextField, useSchemaForm, useSubmitting } from "~/components/forms";
import { chainSchema } from "~/forms/admin-chains";
import { useI18n } from "~/i18n/use-i18n";

export function ChainForm({
  organisations,
  lastResult,
  defaultValue,
  submitLabel,
}: {
  organisations: Array<{ id: number; name: string }>;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: { name: string; description: string; focalOrganisationId: string };
  submitLabel: string;
}) {
  const { t } = useI18n();
  const submitting = useSubmitting();
  const [form, fields] = useSchemaForm(chainSchema, { id: "chain", lastResult, defaultValue });
  return (
    <ConformForm form={form}>
      <Stack>
        <TextField field={fields.name} label={t("admin.chains.name")} />
        <SelectField
          field={fields.focalOrganisationId}
          label={t("admin.chains.focal")}
          options={[{ value: "", label: t("admin.people.chooseOrganisation") }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
        />
        <TextareaField field={fields.description} label={t("admin.chains.description")} />
        <FormFooter submitLabel={submitLabel} pending={submitting} />
      </Stack>
    </ConformForm>
  );
}
