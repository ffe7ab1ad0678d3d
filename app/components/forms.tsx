/**
 * The form kit: one conform + zod setup, and Mantine fields that wire a
 * conform field's name, id, label, translated error text and aria attributes
 * the same way everywhere. Every form works without JavaScript: the server
 * parses with the same schema and its reply (`lastResult`) renders the same
 * errors on the plain POST's answer.
 */
import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  PasswordInput,
  Radio,
  Stack,
  Textarea,
  TextInput,
  type ButtonProps,
  type CheckboxProps,
  type NativeSelectProps,
  type PasswordInputProps,
  type RadioGroupProps,
  type TextareaProps,
  type TextInputProps,
} from "@mantine/core";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ComponentProps, ReactNode } from "react";
import type { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/forms/password";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";

/** Turns an error key from a zod schema or a model refusal into text; unknown keys show as they are. */
export function useErrorText() {
  const { t } = useI18n();
  // Cast: conform carries errors as plain strings (a key, or `key?name=value` from keyWithParams), which the translator reads.
  return (key: string | undefined | null) => (key ? t(key as MessageKey) : undefined);
}

/**
 * Sets up a conform form for a zod schema (one schema per form, in app/forms,
 * shared with the action that parses the same fields).
 *
 * Errors appear when the form is submitted and then follow the input as it is
 * typed; nothing is validated on blur. A blur is what the pointer causes when
 * it presses the submit button: validating then removed a fixed field's error
 * text between mousedown and mouseup, the button moved up under the pointer
 * and the click was lost.
 */
export function useSchemaForm<Schema extends z.ZodTypeAny>(
  schema: Schema,
  options: {
    /** Needed when one page has several forms, or to start afresh when the id changes. */
    id?: string;
    /** The action's reply to the last submission, errors included. */
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: Parameters<typeof useForm<z.input<Schema>, z.output<Schema>, string[]>>[0]["defaultValue"];
  } = {},
) {
  return useForm<z.input<Schema>, z.output<Schema>, string[]>({
    id: options.id,
    lastResult: options.lastResult ?? undefined,
    defaultValue: options.defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

/** A Remix `<Form method="post">` with the conform form's id, validation hook and aria attributes. */
export function ConformForm({
  form,
  children,
  ...rest
}: { form: FormMetadata; children: ReactNode } & Omit<ComponentProps<typeof Form>, "id" | "onSubmit" | "noValidate">) {
  return (
    <Form method="post" {...rest} {...getFormProps(form)}>
      {children}
    </Form>
  );
}

/** The form-level error (a refusal not tied to one field), announced and referenced by the form's aria-describedby. */
export function FormError({ form }: { form: FormMetadata }) {
  const errorText = useErrorText();
  if (!form.errors?.length) return null;
  return (
    <Alert color="red" role="alert" id={form.errorId}>
      {errorText(form.errors[0])}
    </Alert>
  );
}

/** Is this page's form (or the one sent with `intent`) on its way to the server? */
export function useSubmitting(intent?: string) {
  const navigation = useNavigation();
  return navigation.state === "submitting" && (intent === undefined || navigation.formData?.get("intent") === intent);
}

/** Label, description and error of a conform field for a Mantine input, with conform's ids so aria-describedby points at them. */
function useWiring<S>(field: FieldMetadata<S>) {
  const errorText = useErrorText();
  return {
    error: errorText(field.errors?.[0]),
    errorProps: { id: field.errorId },
    descriptionProps: { id: field.descriptionId },
  };
}

type FieldProps<S, P> = { field: FieldMetadata<S>; label: ReactNode } & Omit<P, "name" | "label" | "error" | "defaultValue" | "value" | "type">;

/** A one-line text input. */
export function TextField<S>({ field, type = "text", ...rest }: FieldProps<S, TextInputProps> & { type?: "text" | "email" }) {
  const wiring = useWiring(field);
  return <TextInput {...getInputProps(field, { type })} key={field.key} {...wiring} {...rest} />;
}

/** A number typed as text (Finnish "1 234,5" included) and parsed by the schema; shows the right keypad on phones. */
export function NumberField<S>({ field, integer = false, ...rest }: FieldProps<S, TextInputProps> & { integer?: boolean }) {
  const wiring = useWiring(field);
  return <TextInput {...getInputProps(field, { type: "text" })} key={field.key} inputMode={integer ? "numeric" : "decimal"} {...wiring} {...rest} />;
}

/** A calendar date (`YYYY-MM-DD`), or a month (`YYYY-MM`) with `month`. */
export function DateField<S>({ field, month = false, ...rest }: FieldProps<S, TextInputProps> & { month?: boolean }) {
  const wiring = useWiring(field);
  return <TextInput {...getInputProps(field, { type: month ? "month" : "date" })} key={field.key} {...wiring} {...rest} />;
}

/** A multi-line text that grows with its content. */
export function TextareaField<S>({ field, ...rest }: FieldProps<S, TextareaProps>) {
  const wiring = useWiring(field);
  return <Textarea {...getTextareaProps(field)} key={field.key} autosize minRows={2} {...wiring} {...rest} />;
}

/** A native select: works without JavaScript and on every phone. */
export function SelectField<S>({ field, options, ...rest }: FieldProps<S, NativeSelectProps> & { options: NativeSelectProps["data"] }) {
  const wiring = useWiring(field);
  return <NativeSelect {...getSelectProps(field)} key={field.key} data={options} {...wiring} {...rest} />;
}

/** A password: `autoComplete` says which ("current-password" or "new-password"); `withRules` shows what a new one needs. */
export function PasswordField<S>({
  field,
  autoComplete,
  withRules = false,
  ...rest
}: FieldProps<S, PasswordInputProps> & { autoComplete: "current-password" | "new-password"; withRules?: boolean }) {
  const { t } = useI18n();
  const wiring = useWiring(field);
  return (
    <PasswordInput
      {...getInputProps(field, { type: "password" })}
      key={field.key}
      autoComplete={autoComplete}
      description={withRules ? t("password.rules", { min: PASSWORD_MIN, max: PASSWORD_MAX }) : undefined}
      {...wiring}
      {...rest}
    />
  );
}

/**
 * A checkbox. Mantine gives a checkbox's description and error no ids, so
 * they are wrapped here in elements that carry conform's.
 */
export function CheckboxField<S>({ field, description, ...rest }: FieldProps<S, CheckboxProps>) {
  const errorText = useErrorText();
  const error = errorText(field.errors?.[0]);
  return (
    <Checkbox
      {...getInputProps(field, { type: "checkbox", ariaDescribedBy: description ? field.descriptionId : undefined })}
      key={field.key}
      description={description ? <span id={field.descriptionId}>{description}</span> : undefined}
      error={error ? <span id={field.errorId}>{error}</span> : undefined}
      {...rest}
    />
  );
}

/** One choice among a few, shown as radio buttons (in a row with `inline`). Each radio is described by the group's error. */
export function RadioGroupField<S>({
  field,
  options,
  inline = false,
  ...rest
}: FieldProps<S, Omit<RadioGroupProps, "children">> & { options: Array<{ value: string; label: string; description?: string }>; inline?: boolean }) {
  const wiring = useWiring(field);
  const radios = options.map((o) => (
    <Radio
      key={o.value}
      value={o.value}
      label={o.label}
      description={o.description}
      aria-invalid={wiring.error ? true : undefined}
      aria-describedby={wiring.error ? field.errorId : undefined}
    />
  ));
  return (
    <Radio.Group name={field.name} defaultValue={typeof field.initialValue === "string" ? field.initialValue : undefined} key={field.key} {...wiring} {...rest}>
      {inline ? (
        <Group gap="lg" mt={4}>
          {radios}
        </Group>
      ) : (
        <Stack gap={6} mt={6}>
          {radios}
        </Stack>
      )}
    </Radio.Group>
  );
}

/**
 * The buttons under a form: submit (a spinner while this form is sent), and
 * a cancel link back when `cancelTo` is given. `children` adds further
 * buttons after the submit button.
 */
export function FormFooter({
  submitLabel,
  cancelTo,
  pending = false,
  submitProps,
  children,
}: {
  submitLabel: string;
  cancelTo?: string;
  pending?: boolean;
  submitProps?: ButtonProps & { name?: string; value?: string };
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Group>
      <Button type="submit" loading={pending} {...submitProps}>
        {submitLabel}
      </Button>
      {children}
      {cancelTo ? (
        <Anchor component={Link} to={cancelTo}>
          {t("rel.form.cancel")}
        </Anchor>
      ) : null}
    </Group>
  );
}
