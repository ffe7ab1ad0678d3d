import type { SubmissionResult } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { parseWithZod } from "@conform-to/zod";
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Radio, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp, currentSessionToken, requireUser } from "~/auth.server";
import { AdminPage, Notice } from "~/components/admin/admin-ui";
import { CheckboxField, ConformForm, FormError, FormFooter, PasswordField, useErrorText, useSchemaForm, useSubmitting } from "~/components/forms";
import { offsetMinutes, supportedTimeZones } from "~/domain/time-zone";
import { changePasswordSchema, preferredLanguageSchema, timeZoneSchema } from "~/forms/account";
import { localeCookie } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { passwordGenerationOf } from "~/models/login-throttle.server";
import { changeOwnPassword, setPreferredLanguage, setPreferredTimeZone } from "~/models/account.server";
import { issueDeviceCookie } from "~/security/device-cookie.server";
import { refusalReply } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.account");

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
    await setPreferredLanguage(user, submission.value.locale, { ip });
    // The cookie wins over the profile, so set both: the choice shows at once.
    return redirect("/account?saved=language", { headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) } });
  }
  if (formData.get("intent") === "timeZone") {
    const submission = parseWithZod(formData, { schema: timeZoneSchema });
    if (submission.status !== "success") return data({ intent: "timeZone" as const, result: submission.reply() }, { status: 400 });
    await setPreferredTimeZone(user, submission.value.timeZone, { ip });
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
  if (!outcome.ok) {
    const headers = outcome.retryAfter === undefined ? undefined : { "Retry-After": String(outcome.retryAfter) };
    return data(
      { intent: "password" as const, result: refusalReply(submission, outcome, { hideFields: PASSWORD_FIELDS }) },
      { status: outcome.status, headers },
    );
  }
  // The new password voids the account's device cookies: this browser stays known.
  return redirect(`/account?saved=${submission.value.logoutOtherSessions ? "password-others" : "password"}`, {
    headers: { "Set-Cookie": await issueDeviceCookie(request, user.id, await passwordGenerationOf(user.id)) },
  });
}

function PasswordForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useI18n();
  const submitting = useSubmitting("password");
  const [form, fields] = useSchemaForm(changePasswordSchema, { id: "change-password", lastResult, defaultValue: { logoutOtherSessions: "on" } });
  return (
    <ConformForm form={form}>
      <input type="hidden" name="intent" value="password" />
      <Stack maw={420}>
        <FormError form={form} />
        <PasswordField field={fields.currentPassword} label={t("account.currentPassword")} autoComplete="current-password" />
        <PasswordField field={fields.newPassword} label={t("account.newPassword")} autoComplete="new-password" withRules maxLength={undefined} />
        <PasswordField field={fields.confirmPassword} label={t("account.confirmPassword")} autoComplete="new-password" />
        <CheckboxField field={fields.logoutOtherSessions} label={t("account.logoutOthers")} description={t("account.logoutOthersHint")} />
        <FormFooter submitLabel={t("account.changePassword")} pending={submitting} />
      </Stack>
    </ConformForm>
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
              : saved === "password-others"
                ? t("account.passwordChangedOthers")
                : t("account.passwordChanged")}
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
              {m.organisationName} · {t(labelKey("role", m.role))}
            </Badge>
          ))}
        </Group>
        <Anchor component={Link} to="/settings/notifications" display="block" mt="sm">
          {t("account.notificationsLink")}
        </Anchor>
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
            label={
              <Title order={2} size="h4">
                {t("account.language")}
              </Title>
            }
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
