import type { SubmissionResult } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { Grid, Stack } from "@mantine/core";
import {
  CheckboxField,
  ConformForm,
  DateField,
  FormError,
  FormFooter,
  SelectField,
  TextareaField,
  TextField,
  useSchemaForm,
  useSubmitting,
} from "~/components/forms";
import { CRITICALITIES, DIVERSITIES, LIFECYCLE_STAGES, MATURITIES } from "~/domain/factors";
import { relationshipSchema } from "~/forms/admin-chains";
import { useI18n } from "~/i18n/use-i18n";

export type RelationshipDefaults = {
  providerId: string;
  customerId: string;
  serviceName: string;
  startDate: string;
  lifecycleStage: string;
  diversity: string;
  criticality: string;
  referenceCustomer: boolean;
  maturityOverride: string;
  maturityOverrideNote: string;
};

export function RelationshipForm({
  organisations,
  lastResult,
  defaultValue,
  submitLabel,
  mode,
  partiesLocked = false,
}: {
  organisations: Array<{ id: number; name: string }>;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: RelationshipDefaults;
  submitLabel: string;
  mode: "create" | "edit";
  partiesLocked?: boolean;
}) {
  const { t } = useI18n();
  const submitting = useSubmitting();
  const [form, fields] = useSchemaForm(relationshipSchema, {
    id: "relationship",
    lastResult,
    defaultValue: defaultValue
      ? { ...defaultValue, referenceCustomer: defaultValue.referenceCustomer ? "on" : "" }
      : { lifecycleStage: "new", diversity: "uniform", criticality: "medium" },
  });
  const orgOptions = [{ value: "", label: t("admin.people.chooseOrganisation") }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))];
  return (
    <ConformForm form={form}>
      <Stack>
        <FormError form={form} />
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <SelectField
              field={fields.providerId}
              label={t("admin.rel.provider")}
              description={partiesLocked ? t("admin.rel.partiesLockedHint") : undefined}
              options={orgOptions}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <SelectField field={fields.customerId} label={t("admin.rel.customer")} options={orgOptions} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <TextField field={fields.serviceName} label={t("admin.rel.serviceName")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <DateField field={fields.startDate} label={t("admin.rel.startDate")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <SelectField
              field={fields.lifecycleStage}
              label={t("admin.rel.stage")}
              options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(labelKey("stage", s)) }))}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <SelectField
              field={fields.diversity}
              label={t("admin.rel.diversity")}
              options={DIVERSITIES.map((s) => ({ value: s, label: t(labelKey("diversity", s)) }))}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <SelectField
              field={fields.criticality}
              label={t("admin.rel.criticality")}
              options={CRITICALITIES.map((s) => ({ value: s, label: t(labelKey("criticality", s)) }))}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <CheckboxField field={fields.referenceCustomer} label={t("admin.rel.reference")} description={t("admin.rel.referenceHint")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <SelectField
              field={fields.maturityOverride}
              label={t("admin.rel.maturityOverride")}
              options={[{ value: "", label: t("admin.rel.maturityFromAge") }, ...MATURITIES.map((m) => ({ value: m, label: t(labelKey("maturity", m)) }))]}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <TextField field={fields.maturityOverrideNote} label={t("admin.rel.maturityNote")} />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextareaField
              field={fields.stageNote}
              label={mode === "create" ? t("admin.rel.startNote") : t("admin.rel.stageChangeNote")}
              description={mode === "create" ? t("admin.rel.startNoteHint") : t("admin.rel.stageChangeNoteHint")}
            />
          </Grid.Col>
        </Grid>
        <FormFooter submitLabel={submitLabel} pending={submitting} />
      </Stack>
    </ConformForm>
  );
}
