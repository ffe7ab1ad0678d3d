import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Alert, Button, Checkbox, Grid, NativeSelect, Stack, TextInput, Textarea } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { SIZE_CLASSES } from "~/domain/factors";
import { organisationSchema } from "~/forms/admin-organisation";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { useErrorText } from "./admin-ui";

export type OrganisationDefaults = {
  name: string;
  businessId: string;
  headcount: string;
  turnoverEur: string;
  balanceSheetEur: string;
  foundedYear: string;
  city: string;
  description: string;
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
  const err = useErrorText();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "organisation",
    lastResult,
    defaultValue: defaultValue ? { ...defaultValue, sizeClassManual: defaultValue.sizeClassManual ? "on" : "" } : undefined,
    constraint: getZodConstraint(organisationSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organisationSchema }),
  });
  const text = (name: "name" | "businessId" | "headcount" | "turnoverEur" | "balanceSheetEur" | "foundedYear" | "city", label: MessageKey, extra: Record<string, unknown> = {}) => {
    const field = fields[name];
    return (
      <TextInput
        {...getInputProps(field, { type: "text" })}
        key={field.key}
        label={t(label)}
        error={err(field.errors?.[0])}
        {...extra}
      />
    );
  };
  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack>
        {form.errors?.length ? (
          <Alert color="red" role="alert">
            {err(form.errors[0])}
          </Alert>
        ) : null}
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>{text("name", "admin.org.name", { autoComplete: "organization" })}</Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            {text("businessId", "admin.org.businessId", { description: t("admin.org.businessIdHint"), placeholder: "1234567-1" })}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            {text("headcount", "admin.org.headcount", { inputMode: "numeric" })}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            {text("turnoverEur", "admin.org.turnover", { inputMode: "decimal" })}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            {text("balanceSheetEur", "admin.org.balanceSheet", { inputMode: "decimal" })}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            {text("foundedYear", "admin.org.foundedYear", { inputMode: "numeric" })}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>{text("city", "admin.org.city")}</Grid.Col>
          <Grid.Col span={12}>
            <Textarea
              {...getTextareaProps(fields.description)}
              key={fields.description.key}
              label={t("admin.org.description")}
              autosize
              minRows={2}
              error={err(fields.description.errors?.[0])}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Checkbox
              {...getInputProps(fields.sizeClassManual, { type: "checkbox" })}
              key={fields.sizeClassManual.key}
              label={t("admin.org.sizeClassManual")}
              description={t("admin.org.sizeClassManualHint")}
              error={err(fields.sizeClassManual.errors?.[0])}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <NativeSelect
              {...getSelectProps(fields.sizeClass)}
              key={fields.sizeClass.key}
              label={t("admin.org.sizeClassSet")}
              error={err(fields.sizeClass.errors?.[0])}
              data={[
                { value: "", label: t("admin.org.sizeClassNone") },
                ...SIZE_CLASSES.map((c) => ({ value: c, label: t(`size.${c}` as MessageKey) })),
              ]}
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
