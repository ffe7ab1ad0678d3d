import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Badge, Button, Checkbox, Group, NativeSelect, Paper, PasswordInput, Radio, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { clientIp, currentSessionToken, requireUser } from "~/auth.server";
import { AdminPage, Notice, useErrorText } from "~/components/admin/admin-ui";
import { changePasswordSchema, preferredLanguageSchema, timeZoneSchema } from "~/forms/account";
import { offsetMinutes, supportedTimeZones } from "~/domain/time-zone";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/forms/password";
import { localeCookie } from "~/i18n/i18n.server";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { changeOwnPassword, setPreferredLanguage, setPreferredTimeZone } from "~/models/people.server";

export const meta: MetaFunction = () => [{ title: "Account · Service chain portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    email: user.email,
    locale: user.locale,
    timeZone: user.timeZone,
    timeZones: timeZoneOptions(),
    memberships: user.memberships.map((m) => ({ organisationName: m.organisationName, role: m.role })),
  };
}

/** Every zone Intl supports, labelled with its offset from UTC now, e.g. "Europe/Helsinki (UTC+02:00)". */
function timeZoneOptions(now = new Date()): Array<{ value: string; label: string }> {
  return supportedTimeZones().map((zone) => {
    const minutes = offsetMinutes(now, zone);
    const sign = minutes < 0 ? "−" : "+";
    const hhmm = `${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0")}:${String(Math.abs(minutes) % 60).padStart(2, "0")}`;
    return { value: zone, label: `${zone} (UTC${sign}${hhmm})` };
  });
}

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const ip = clientIp(context);
  if (formData.get("intent") === "language") {
    const submission = parseWithZod(formData, { schema: preferredLanguageSchema });
    if (submission.status !== "success") return data({ intent: "language" as const, result: submission.reply() }, { status: 400 });
    setPreferredLanguage(user, submission.value.locale, { ip });
    // The cookie wins over the profile, so set both: the choice shows at once.
    return redirect("/account?saved=language", { headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) } });
  }
  if (formData.get("intent") === "timeZone") {
    const submission = parseWithZod(formData, { schema: timeZoneSchema });
    if (submission.status !== "success") return data({ intent: "timeZone" as const, result: submission.reply() }, { status: 400 });
    setPreferredTimeZone(user, submission.value.timeZone, { ip });
    return redirect("/account?saved=timezone");
  }
  const submission = parseWithZod(formData, { schema: changePasswordSchema });
  if (submission.status !== "success") {
    return data({ intent: "password" as const, result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });
  }
  const outcome = await changeOwnPassword(
    user,
    {
      currentPassword: submission.value.currentPassword,
      newPassword: submission.value.newPassword,
      endOtherSessions: submission.value.logoutOtherSessions === true,
    },
    await currentSessionToken(request),
    { ip },
  );
  if (!outcome.ok && "retryAfter" in outcome) {
    return data(
      { intent: "password" as const, result: submission.reply({ formErrors: ["login.throttled"], hideFields: PASSWORD_FIELDS }) },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
    );
  }
  if (!outcome.ok) {
    return data({ intent: "password" as const, result: submission.reply({ fieldErrors: outcome.fieldErrors, hideFields: PASSWORD_FIELDS }) }, { status: 400 });
  }
  return redirect(`/account?saved=${submission.value.logoutOtherSessions ? "password-others" : "password"}`);
}

function PasswordForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useI18n();
  const err = useErrorText();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "change-password",
    lastResult,
    defaultValue: { logoutOtherSessions: "on" },
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="password" />
      <Stack maw={420}>
        {form.errors?.length ? <Notice tone="error">{err(form.errors[0])}</Notice> : null}
        <PasswordInput
          {...getInputProps(fields.currentPassword, { type: "password" })}
          key={fields.currentPassword.key}
          label={t("account.currentPassword")}
          autoComplete="current-password"
          error={err(fields.currentPassword.errors?.[0])}
        />
        <PasswordInput
          {...getInputProps(fields.newPassword, { type: "password" })}
          key={fields.newPassword.key}
          label={t("account.newPassword")}
          description={t("password.rules", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          autoComplete="new-password"
          maxLength={undefined}
          error={err(fields.newPassword.errors?.[0])}
        />
        <PasswordInput
          {...getInputProps(fields.confirmPassword, { type: "password" })}
          key={fields.confirmPassword.key}
          label={t("account.confirmPassword")}
          autoComplete="new-password"
          error={err(fields.confirmPassword.errors?.[0])}
        />
        <Checkbox
          {...getInputProps(fields.logoutOtherSessions, { type: "checkbox" })}
          key={fields.logoutOtherSessions.key}
          label={t("account.logoutOthers")}
          description={t("account.logoutOthersHint")}
        />
        <Button type="submit" w="fit-content" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "password"}>
          {t("account.changePassword")}
        </Button>
      </Stack>
    </Form>
  );
}

export default function AccountPage() {
  const { name, email, locale, timeZone, timeZones, memberships } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, locale: activeLocale } = useI18n();
  const err = useErrorText();
  const saved = searchParams.get("saved");
  const languageErrors = actionData?.intent === "language" ? actionData.result.error?.locale : undefined;
  const timeZoneErrors = actionData?.intent === "timeZone" ? actionData.result.error?.timeZone : undefined;
  return (
    <AdminPage title={t("account.title")} intro={t("account.intro")}>
      {saved && !actionData ? (
        <Notice tone="success">
          {saved === "language"
            ? t("account.languageSaved")
            : saved === "timezone"
              ? t("account.timeZoneSaved")
              : saved === "password-others" ? t("account.passwordChangedOthers") : t("account.passwordChanged")}
        </Notice>
      ) : null}
      <Paper withBorder p="lg">
        <Title order={2} size="h4" mb="xs">
          {t("account.profile")}
        </Title>
        <Text fw={600}>{name}</Text>
        <Text c="dimmed">{email}</Text>
        <Group gap="xs" mt="xs">
          {memberships.map((m) => (
            <Badge key={m.organisationName} variant="light" tt="none">
              {m.organisationName} · {t(`role.${m.role}` as MessageKey)}
            </Badge>
          ))}
        </Group>
      </Paper>
      <Paper withBorder p="lg">
        <Title order={2} size="h4" mb="md">
          {t("account.changePassword")}
        </Title>
        <PasswordForm lastResult={actionData?.intent === "password" ? actionData.result : undefined} />
      </Paper>
      <Paper withBorder p="lg">
        <Form method="post">
          <input type="hidden" name="intent" value="language" />
          <Radio.Group
            name="locale"
            label={<Title order={2} size="h4">{t("account.language")}</Title>}
            description={t("account.languageHint")}
            defaultValue={locale ?? activeLocale}
            error={err(languageErrors?.[0])}
          >
            <Group mt="xs">
              <Radio value="fi" label={t("lang.fi")} />
              <Radio value="en" label={t("lang.en")} />
            </Group>
          </Radio.Group>
          <Button type="submit" variant="default" mt="md">
            {t("account.saveLanguage")}
          </Button>
        </Form>
      </Paper>
      <Paper withBorder p="lg">
        <Form method="post" data-testid="time-zone-form">
          <input type="hidden" name="intent" value="timeZone" />
          <Title order={2} size="h4" mb="xs">
            <label htmlFor="time-zone">{t("account.timeZone")}</label>
          </Title>
          <NativeSelect
            id="time-zone"
            name="timeZone"
            aria-describedby="time-zone-hint"
            defaultValue={timeZone}
            data={timeZones}
            error={err(timeZoneErrors?.[0])}
            maw={420}
          />
          <Text id="time-zone-hint" size="sm" c="gray.7" mt={4}>
            {t("account.timeZoneHint")}
          </Text>
          <Button type="submit" variant="default" mt="md">
            {t("account.saveTimeZone")}
          </Button>
        </Form>
      </Paper>
    </AdminPage>
  );
}
