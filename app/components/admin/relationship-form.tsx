import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Alert, Button, Checkbox, Grid, NativeSelect, Stack, TextInput, Textarea } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { CRITICALITIES, DIVERSITIES, LIFECYCLE_STAGES, MATURITIES } from "~/domain/factors";
import { relationshipSchema } from "~/forms/admin-chains";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { useErrorText } from "./admin-ui";

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
  const err = useErrorText();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "relationship",
    lastResult,
    defaultValue: defaultValue
      ? { ...defaultValue, referenceCustomer: defaultValue.referenceCustomer ? "on" : "" }
      : { lifecycleStage: "new", diversity: "uniform", criticality: "medium" },
    constraint: getZodConstraint(relationshipSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: relationshipSchema }),
  });
  const orgOptions = [{ value: "", label: t("admin.people.chooseOrganisation") }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))];
  const select = (name: "lifecycleStage" | "diversity" | "criticality" | "maturityOverride", label: MessageKey, options: Array<{ value: string; label: string }>) => (
    <NativeSelect {...getSelectProps(fields[name])} key={fields[name].key} label={t(label)} error={err(fields[name].errors?.[0])} data={options} />
  );
  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack>
        {form.errors?.length ? (
          <Alert color="red" role="alert">
            {err(form.errors[0])}
          </Alert>
        ) : null}
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <NativeSelect
              {...getSelectProps(fields.providerId)}
              key={fields.providerId.key}
              label={t("admin.rel.provider")}
              description={partiesLocked ? t("admin.rel.partiesLockedHint") : undefined}
              error={err(fields.providerId.errors?.[0])}
              data={orgOptions}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <NativeSelect
              {...getSelectProps(fields.customerId)}
              key={fields.customerId.key}
              label={t("admin.rel.customer")}
              error={err(fields.customerId.errors?.[0])}
              data={orgOptions}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <TextInput
              {...getInputProps(fields.serviceName, { type: "text" })}
              key={fields.serviceName.key}
              label={t("admin.rel.serviceName")}
              error={err(fields.serviceName.errors?.[0])}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextInput
              {...getInputProps(fields.startDate, { type: "date" })}
              key={fields.startDate.key}
              label={t("admin.rel.startDate")}
              error={err(fields.startDate.errors?.[0])}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            {select("lifecycleStage", "admin.rel.stage", LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}` as MessageKey) })))}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            {select("diversity", "admin.rel.diversity", DIVERSITIES.map((s) => ({ value: s, label: t(`diversity.${s}` as MessageKey) })))}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            {select("criticality", "admin.rel.criticality", CRITICALITIES.map((s) => ({ value: s, label: t(`criticality.${s}` as MessageKey) })))}
          </Grid.Col>
          <Grid.Col span={12}>
            <Checkbox
              {...getInputProps(fields.referenceCustomer, { type: "checkbox" })}
              key={fields.referenceCustomer.key}
              label={t("admin.rel.reference")}
              description={t("admin.rel.referenceHint")}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            {select("maturityOverride", "admin.rel.maturityOverride", [
              { value: "", label: t("admin.rel.maturityFromAge") },
              ...MATURITIES.map((m) => ({ value: m, label: t(`maturity.${m}` as MessageKey) })),
            ])}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <TextInput
              {...getInputProps(fields.maturityOverrideNote, { type: "text" })}
              key={fields.maturityOverrideNote.key}
              label={t("admin.rel.maturityNote")}
              error={err(fields.maturityOverrideNote.errors?.[0])}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea
              {...getTextareaProps(fields.stageNote)}
              key={fields.stageNote.key}
              label={mode === "create" ? t("admin.rel.startNote") : t("admin.rel.stageChangeNote")}
              description={mode === "create" ? t("admin.rel.startNoteHint") : t("admin.rel.stageChangeNoteHint")}
              autosize
              minRows={2}
              error={err(fields.stageNote.errors?.[0])}
            />
          </Grid.Col>
        </Grid>
        <Button type="submit" w="fit-content" loading={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
      </Stack>
    </Form>
  );
}
