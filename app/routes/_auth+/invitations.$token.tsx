import { parseWithZod } from "@conform-to/zod";
import { Alert, Anchor, List, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp, startSession } from "~/auth.server";
import { ConformForm, FormError, FormFooter, PasswordField, TextField, useSchemaForm, useSubmitting } from "~/components/forms";
import { SignedOutCard } from "~/components/signed-out-card";
import { acceptInvitationSchema } from "~/forms/rounds";
import { refusalReply } from "~/http/refusal";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { acceptInvitation, invitationByToken } from "~/models/invitations.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "invitation.accept.title"), { name: "referrer", content: "same-origin" }];

// The URL holds a secret: keep it out of caches and out of Referer headers to other sites.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

const PASSWORD_FIELDS = ["newPassword", "confirmPassword"];

/** Public: the token in the URL is the credential. An unusable link gets one answer, whatever the reason. */
export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await invitationByToken(params.token ?? "");
  if (!invitation) return data({ invitation: null }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return data({ invitation }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const submission = parseWithZod(await request.formData(), { schema: acceptInvitationSchema });
  if (!(await invitationByToken(token))) return data({ invalid: true, result: null }, { status: 404 });
  if (submission.status !== "success") return data({ invalid: false, result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });
  const outcome = await acceptInvitation(token, submission.value, clientIp(context));
  if (!outcome.ok && outcome.status === 404) return data({ invalid: true, result: null }, { status: 404 });
  if (!outcome.ok) return data({ invalid: false, result: refusalReply(submission, outcome, { hideFields: PASSWORD_FIELDS }) }, { status: outcome.status });
  const to = outcome.roundId !== null ? `/rounds/${outcome.roundId}` : `/relationships/${outcome.relationshipIds[0]}/assess`;
  return redirect(to, { headers: { "Set-Cookie": await startSession(request, outcome.userId, context) } });
}

export default function AcceptInvitationPage() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const { t, locale, quarter } = useI18n();
  const [form, fields] = useSchemaForm(acceptInvitationSchema, {
    id: "accept-invitation",
    lastResult: actionData?.result,
    defaultValue: { name: invitation?.name ?? "" },
  });
  const usable = invitation !== null && !actionData?.invalid;
  return (
    <SignedOutCard size={560}>
      <Stack>
        <Title order={1} size="h3">
          {t("invitation.accept.title")}
        </Title>
        {usable && invitation ? (
          <>
            <Text>
              {t("invitation.accept.intro", {
                inviter: invitation.inviterName ?? t("invitation.someone"),
                inviterOrganisation: invitation.inviterOrganisationName ?? "",
                organisation: invitation.organisationName,
              })}
            </Text>
            {invitation.roundName ? (
              <Text>
                {t("invitation.accept.round", {
                  round: invitation.roundName,
                  period: invitation.period ? quarter(invitation.period) : "",
                  deadline: formatDate(locale, invitation.deadline),
                })}
              </Text>
            ) : null}
            <List>
              {invitation.relationships.map((r) => (
                <List.Item key={`${r.id}:${r.side}`}>
                  {r.serviceName}: {r.providerName} → {r.customerName}
                </List.Item>
              ))}
            </List>
            {invitation.message ? <Text style={{ whiteSpace: "pre-wrap" }}>{invitation.message}</Text> : null}
            <Text size="sm">{t("invitation.accept.scope", { organisation: invitation.organisationName })}</Text>
            <ConformForm form={form}>
              <Stack>
                <FormError form={form} />
                {form.errors?.includes("invitation.accountExists") ? (
                  <Anchor component={Link} to="/login">
                    {t("reset.toLogin")}
                  </Anchor>
                ) : null}
                <TextField field={fields.name} label={t("invitation.accept.name")} autoComplete="name" />
                <input type="hidden" name="username" autoComplete="username" value={invitation.email} readOnly />
                <Text size="sm">{t("invitation.accept.email", { email: invitation.email })}</Text>
                <PasswordField field={fields.newPassword} label={t("account.newPassword")} autoComplete="new-password" withRules />
                <PasswordField field={fields.confirmPassword} label={t("account.confirmPassword")} autoComplete="new-password" />
                <FormFooter submitLabel={t("invitation.accept.submit")} pending={submitting} submitProps={{ fullWidth: true }} />
              </Stack>
            </ConformForm>
          </>
        ) : (
          <>
            <Alert color="red" role="alert">
              {t("invitation.invalid")}
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
