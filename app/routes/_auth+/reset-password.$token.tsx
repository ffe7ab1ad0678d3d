import { parseWithZod } from "@conform-to/zod";
import { SignedOutCard } from "~/components/signed-out-card";
import { Alert, Anchor, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { ConformForm, FormFooter, PasswordField, useSchemaForm, useSubmitting } from "~/components/forms";
import { resetPasswordSchema } from "~/forms/password";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { resetLinkAccount, resetPasswordWithToken } from "~/models/password-reset.server";
import { refusalReply } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.setPassword"), { name: "referrer", content: "same-origin" }];

// The URL holds a secret: keep it out of caches and out of Referer headers to other sites
// ("no-referrer" would also blank the Origin of our own POST, which the cross-site guard refuses).
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

const PASSWORD_FIELDS = ["newPassword", "confirmPassword"];

/** Public: the token in the URL is the credential. An unusable link gets one message, whatever the reason. */
export async function loader({ params }: LoaderFunctionArgs) {
  const account = await resetLinkAccount(params.token ?? "");
  if (!account) return data({ valid: false as const, email: null }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return data({ valid: true as const, email: account.email }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (!(await resetLinkAccount(token))) return data({ invalid: true, result: null }, { status: 404 });
  if (submission.status !== "success") {
    return data({ invalid: false, result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });
  }
  const outcome = await resetPasswordWithToken(token, submission.value.newPassword, clientIp(context));
  if (!outcome.ok && outcome.status === 404) return data({ invalid: true, result: null }, { status: 404 });
  if (!outcome.ok) return data({ invalid: false, result: refusalReply(submission, outcome, { hideFields: PASSWORD_FIELDS }) }, { status: outcome.status });
  return redirect("/login?notice=password-set");
}

export default function ResetPasswordPage() {
  const { valid, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(resetPasswordSchema, { id: "reset-password", lastResult: actionData?.result });
  const usable = valid && !actionData?.invalid;
  return (
    <SignedOutCard size={480}>
      <Stack>
        <Title order={1} size="h3">
          {t("reset.title")}
        </Title>
        {usable ? (
          <ConformForm form={form}>
            <Stack>
              <Text size="sm">{t("reset.intro", { email: email ?? "" })}</Text>
              {/* Lets password managers file the new password under the right account. */}
              <input type="hidden" name="username" autoComplete="username" value={email ?? ""} readOnly />
              <PasswordField field={fields.newPassword} label={t("account.newPassword")} autoComplete="new-password" withRules />
              <PasswordField field={fields.confirmPassword} label={t("account.confirmPassword")} autoComplete="new-password" />
              <FormFooter submitLabel={t("reset.submit")} pending={submitting} submitProps={{ fullWidth: true }} />
            </Stack>
          </ConformForm>
        ) : (
          <>
            <Alert color="red" role="alert">
              {t("reset.invalid")}
            </Alert>
            <Anchor component={Link} to="/login">
              {t("reset.toLogin")}
            </Anchor>
          </>
        )}
      </Stack>
    </SignedOutCard>
  );
}
