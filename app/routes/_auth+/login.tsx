import { parseWithZod } from "@conform-to/zod";
import { SignedOutCard } from "~/components/signed-out-card";
import { Alert, Anchor, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { clientIp, getOptionalUser, safeRedirectPath, startSession } from "~/auth.server";
import { ConformForm, FormError, FormFooter, PasswordField, TextField, useSchemaForm, useSubmitting } from "~/components/forms";
import { loginSchema } from "~/forms/login";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { audit } from "~/models/audit.server";
import { forgetLoginAttempt, passwordGenerationOf, reserveLoginAttempt, trustedDevice } from "~/models/login-throttle.server";
import { issueDeviceCookie, readDeviceClaim } from "~/security/device-cookie.server";
import { normaliseEmail, verifyLogin } from "~/models/user.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.login");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const ip = clientIp(context);
  const account = normaliseEmail(email);
  // A browser that signed in to this account before is not held up by attacks from elsewhere.
  const device = await trustedDevice(await readDeviceClaim(request), account);
  const { retryAfter, attemptId } = await reserveLoginAttempt(ip, account, new Date(), device);
  if (attemptId === null) {
    await audit({ action: "auth.login_throttled", entityType: "user", after: { email: account }, ip });
    return data(submission.reply({ formErrors: ["login.throttled"], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(retryAfter) },
    });
  }
  const userId = await verifyLogin(account, password);
  if (userId === null) {
    await audit({ action: "auth.login_failed", entityType: "user", after: { email: account }, ip });
    // The same answer for an unknown email and a wrong password.
    return data(submission.reply({ formErrors: ["login.failed"], hideFields: ["password"] }), { status: 401 });
  }
  await forgetLoginAttempt(attemptId);
  await audit({ action: "auth.login", actorUserId: userId, entityType: "user", entityId: userId, ip });
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(request, userId, context));
  headers.append("Set-Cookie", await issueDeviceCookie(request, userId, await passwordGenerationOf(userId)));
  return redirect(safeRedirectPath(redirectTo, "/"), { headers });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const submitting = useSubmitting();
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(loginSchema, { lastResult });

  return (
    <SignedOutCard size={440}>
      <ConformForm form={form}>
        <Stack>
          <Title order={1} size="h3">
            {t("login.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("login.intro")}
          </Text>
          {searchParams.get("notice") === "password-set" && !form.errors?.length ? (
            <Alert color="teal" role="status">
              {t("login.passwordSet")}
            </Alert>
          ) : null}
          <FormError form={form} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField field={fields.email} type="email" label={t("login.email")} autoComplete="username" />
          <PasswordField field={fields.password} label={t("login.password")} autoComplete="current-password" />
          <FormFooter submitLabel={t("login.submit")} pending={submitting} submitProps={{ fullWidth: true }} />
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t("login.forgot")}
          </Anchor>
          <Text size="xs" c="dimmed">
            {t("login.demoHint")}
          </Text>
        </Stack>
      </ConformForm>
    </SignedOutCard>
  );
}
