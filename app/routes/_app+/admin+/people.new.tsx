import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Anchor, Grid, Paper, Stack } from "@mantine/core";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage, OneTimeLink } from "~/components/admin/admin-ui";
import { CheckboxField, ConformForm, FormFooter, SelectField, TextField, useSchemaForm, useSubmitting } from "~/components/forms";
import { MEMBERSHIP_ROLES } from "~/domain/factors";
import { createPersonSchema } from "~/forms/admin-people";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requireOrganisationAdminOrPlatformAdmin } from "~/models/admin-access.server";
import { assignableOrganisations, createPerson, creatableEmailDomains } from "~/models/people.server";
import { publicOrigin } from "~/http/public-url.server";
import { refusalReply } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.newPerson", { admin: true });

// The answer to a successful POST carries a one-time link: never cache it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  return {
    isPlatformAdmin: user.isPlatformAdmin,
    organisations: await assignableOrganisations(user),
    emailDomains: user.isPlatformAdmin ? null : await creatableEmailDomains(user),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: createPersonSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const outcome = await createPerson(user, submission.value, { ip: clientIp(context) });
  if (!outcome.ok) return data({ result: refusalReply(submission, outcome), created: null }, { status: outcome.status });
  return data(
    {
      result: submission.reply({ resetForm: true }),
      created: {
        id: outcome.id,
        name: submission.value.name,
        url: `${publicOrigin(request)}/reset-password/${outcome.token}`,
        expiresAt: outcome.expiresAt,
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function NewPersonPage() {
  const { organisations, isPlatformAdmin, emailDomains } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(createPersonSchema, {
    id: "create-person",
    lastResult: actionData?.result,
    defaultValue: { organisationId: organisations.length === 1 ? String(organisations[0].id) : "", role: "staff" },
  });
  const created = actionData?.created;
  return (
    <AdminPage title={t("admin.people.new")} intro={t("admin.people.newIntro")} back={{ to: "/admin/people", label: t("admin.people.title") }}>
      {created ? (
        <Stack gap="xs">
          <OneTimeLink url={created.url} expiresAt={created.expiresAt} personName={created.name} />
          <Anchor component={Link} to={`/admin/people/${created.id}`}>
            {t("admin.people.openCreated", { name: created.name })}
          </Anchor>
        </Stack>
      ) : null}
      <Paper withBorder p="lg">
        <ConformForm form={form}>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextField field={fields.name} label={t("admin.people.name")} autoComplete="off" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextField
                field={fields.email}
                type="email"
                label={t("admin.people.email")}
                description={
                  emailDomains === null
                    ? undefined
                    : emailDomains.length > 0
                      ? t("admin.people.emailDomainsHint", { domains: emailDomains.join(", ") })
                      : t("admin.people.emailNoDomains")
                }
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <SelectField
                field={fields.organisationId}
                label={t("admin.people.organisation")}
                options={[{ value: "", label: t("admin.people.chooseOrganisation") }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <SelectField
                field={fields.role}
                label={t("admin.people.role")}
                options={MEMBERSHIP_ROLES.map((r) => ({ value: r, label: t(labelKey("role", r)) }))}
              />
            </Grid.Col>
            {isPlatformAdmin ? (
              <Grid.Col span={12}>
                <CheckboxField
                  field={fields.isPlatformAdmin}
                  label={t("admin.people.makePlatformAdmin")}
                  description={t("admin.people.makePlatformAdminHint")}
                />
              </Grid.Col>
            ) : null}
            <Grid.Col span={12}>
              <FormFooter submitLabel={t("admin.people.createAndLink")} pending={submitting} />
            </Grid.Col>
          </Grid>
        </ConformForm>
      </Paper>
    </AdminPage>
  );
}
