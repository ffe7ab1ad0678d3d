import { parseWithZod } from "@conform-to/zod";
import { Alert, Anchor, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { clientIp, getOptionalUser } from "~/auth.server";
import { ConformForm, FormError, FormFooter, TextField, useSchemaForm, useSubmitting } from "~/components/forms";
import { SignedOutCard } from "~/components/signed-out-card";
import { forgotPasswordSchema } from "~/forms/forgot-password";
import { resolveLocale } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requestPasswordReset } from "~/models/password-reset.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.forgotPassword");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

/**
 * The same answer whether or not the address has an account (or a disabled
 * one): the email, when there is one, goes through the outbox. Throttled per
 * client address and per email address (app/models/password-reset.server.ts).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ sent: false, result: submission.reply() }, { status: 400 });
  const outcome = await requestPasswordReset(submission.value.email, { ip: clientIp(context), locale: await resolveLocale(request) });
  if (outcome.throttled) {
    return data(
      { sent: false, result: submission.reply({ formErrors: ["forgot.throttled"] }) },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
    );
  }
  // Nothing of the address echoed back: the body is the same for every address.
  return data({ sent: true, result: null });
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(forgotPasswordSchema, { id: "forgot-password", lastResult: actionData?.result });
  return (
    <SignedOutCard size={440}>
      <Stack>
        <Title order={1} size="h3">
          {t("forgot.title")}
        </Title>
        {actionData?.sent ? (
          <Alert color="teal" role="status" data-testid="forgot-sent">
            {t("forgot.sent")}
          </Alert>
        ) : (
          <ConformForm form={form}>
            <Stack>
              <Text size="sm">{t("forgot.intro")}</Text>
              <FormError form={form} />
              <TextField field={fields.email} type="email" label={t("forgot.email")} autoComplete="username" />
              <FormFooter submitLabel={t("forgot.submit")} pending={submitting} submitProps={{ fullWidth: true }} />
            </Stack>
          </ConformForm>
        )}
        <Anchor component={Link} to="/login" size="sm">
          {t("forgot.toLogin")}
        </Anchor>
      </Stack>
    </SignedOutCard>
  );
}
