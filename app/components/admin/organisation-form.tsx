import type { SubmissionResult } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { Grid, Stack } from "@mantine/core";
import {
  CheckboxField,
  ConformForm,
  FormError,
  FormFooter,
  NumberField,
  SelectField,
  TextareaField,
  TextField,
  useSchemaForm,
  useSubmitting,
} from "~/components/forms";
import { BUSINESS_ID_EXAMPLE } from "~/domain/business-id";
import { SIZE_CLASSES } from "~/domain/factors";
import { organisationSchema } from "~/forms/admin-organisation";
import { useI18n } from "~/i18n/use-i18n";

export type OrganisationDefaults = {
  name: string;
  businessId: string;
  headcount: string;
  turnoverEur: string;
  balanceSheetEur: string;
  foundedYear: string;
  city: string;
  description: string;
  emailDomains: string;
  sizeClassManual: boolean;
  sizeClass: string;
};

export function OrganisationForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: OrganisationDefaults;
  submitLabel: string;
}) {
  const { t } = useI18n();
  const submitting = useSubmitting();
  const [form, fields] = useSchemaForm(organisationSchema, {
    id: "organisation",
    lastResult,
    defaultValue: defaultValue ? { ...defaultValue, sizeClassManual: defaultValue.sizeClassManual ? "on" : "" } : undefined,
  });
  return (
    <ConformForm form={form}>
      <Stack>
        <FormError form={form} />
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <TextField field={fields.name} label={t("admin.org.name")} autoComplete="organization" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextField
              field={fields.businessId}
              label={t("admin.org.businessId")}
              description={t("admin.org.businessIdHint")}
              placeholder={BUSINESS_ID_EXAMPLE}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <NumberField field={fields.headcount} integer label={t("admin.org.headcount")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <NumberField field={fields.turnoverEur} label={t("admin.org.turnover")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <NumberField field={fields.balanceSheetEur} label={t("admin.org.balanceSheet")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <NumberField field={fields.foundedYear} integer label={t("admin.org.foundedYear")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextField field={fields.city} label={t("admin.org.city")} />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextareaField field={fields.description} label={t("admin.org.description")} />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextareaField
              field={fields.emailDomains}
              label={t("admin.org.emailDomains")}
              description={t("admin.org.emailDomainsHint")}
              autosize
              minRows={2}
              autoComplete="off"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <CheckboxField field={fields.sizeClassManual} label={t("admin.org.sizeClassManual")} description={t("admin.org.sizeClassManualHint")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <SelectField
              field={fields.sizeClass}
              label={t("admin.org.sizeClassSet")}
              options={[{ value: "", label: t("admin.org.sizeClassNone") }, ...SIZE_CLASSES.map((c) => ({ value: c, label: t(labelKey("size", c)) }))]}
            />
          </Grid.Col>
        </Grid>
        <FormFooter submitLabel={submitLabel} pending={submitting} />
      </Stack>
    </ConformForm>
  );
}
