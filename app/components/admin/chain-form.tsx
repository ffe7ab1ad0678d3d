import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Button, NativeSelect, Stack, TextInput, Textarea } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { chainSchema } from "~/forms/admin-chains";
import { useI18n } from "~/i18n/use-i18n";
import { useErrorText } from "./admin-ui";

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
  const err = useErrorText();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "chain",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(chainSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: chainSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <Stack>
        <TextInput {...getInputProps(fields.name, { type: "text" })} key={fields.name.key} label={t("admin.chains.name")} error={err(fields.name.errors?.[0])} />
        <NativeSelect
          {...getSelectProps(fields.focalOrganisationId)}
          key={fields.focalOrganisationId.key}
          label={t("admin.chains.focal")}
          error={err(fields.focalOrganisationId.errors?.[0])}
          data={[{ value: "", label: t("admin.people.chooseOrganisation") }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
        />
        <Textarea
          {...getTextareaProps(fields.description)}
          key={fields.description.key}
          label={t("admin.chains.description")}
          autosize
          minRows={2}
          error={err(fields.description.errors?.[0])}
        />
        <Button type="submit" w="fit-content" loading={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
      </Stack>
    </Form>
  );
}
