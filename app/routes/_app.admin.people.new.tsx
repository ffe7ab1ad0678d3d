import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Anchor, Button, Checkbox, Grid, NativeSelect, Paper, Stack, TextInput } from "@mantine/core";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage, OneTimeLink, useErrorText } from "~/components/admin/admin-ui";
import { MEMBERSHIP_ROLES } from "~/domain/factors";
import { createPersonSchema } from "~/forms/admin-people";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { requireOrganisationAdminOrPlatformAdmin } from "~/models/admin-access.server";
import { assignableOrganisations, createPerson, creatableEmailDomains } from "~/models/people.server";
import { publicOrigin } from "~/http/public-url.server";

export const meta: MetaFunction = () => [{ title: "New person · Administration" }];

// The answer to a successful POST carries a one-time link: never cache it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  return {
    isPlatformAdmin: user.isPlatformAdmin,
    organisations: assignableOrganisations(user),
    emailDomains: user.isPlatformAdmin ? null : creatableEmailDomains(user),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: createPersonSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const outcome = await createPerson(user, submission.value, { ip: clientIp(context) });
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), created: null }, { status: 400 });
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
  const navigation = useNavigation();
  const { t } = useI18n();
  const err = useErrorText();
  const [form, fields] = useForm({
    id: "create-person",
    lastResult: actionData?.result,
    defaultValue: { organisationId: organisations.length === 1 ? String(organisations[0].id) : "", role: "staff" },
    constraint: getZodConstraint(createPersonSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createPersonSchema }),
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
        <Form method="post" {...getFormProps(form)}>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                {...getInputProps(fields.name, { type: "text" })}
                key={fields.name.key}
                label={t("admin.people.name")}
                autoComplete="off"
                error={err(fields.name.errors?.[0])}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                {...getInputProps(fields.email, { type: "email" })}
                key={fields.email.key}
                label={t("admin.people.email")}
                description={
                  emailDomains === null
                    ? undefined
                    : emailDomains.length > 0
                      ? t("admin.people.emailDomainsHint", { domains: emailDomains.join(", ") })
                      : t("admin.people.emailNoDomains")
                }
                autoComplete="off"
                error={err(fields.email.errors?.[0])}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <NativeSelect
                {...getSelectProps(fields.organisationId)}
                key={fields.organisationId.key}
                label={t("admin.people.organisation")}
                error={err(fields.organisationId.errors?.[0])}
                data={[
                  { value: "", label: t("admin.people.chooseOrganisation") },
                  ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
                ]}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <NativeSelect
                {...getSelectProps(fields.role)}
                key={fields.role.key}
                label={t("admin.people.role")}
                error={err(fields.role.errors?.[0])}
                data={MEMBERSHIP_ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
              />
            </Grid.Col>
            {isPlatformAdmin ? (
              <Grid.Col span={12}>
                <Checkbox
                  {...getInputProps(fields.isPlatformAdmin, { type: "checkbox" })}
                  key={fields.isPlatformAdmin.key}
                  label={t("admin.people.makePlatformAdmin")}
                  description={t("admin.people.makePlatformAdminHint")}
                />
              </Grid.Col>
            ) : null}
            <Grid.Col span={12}>
              <Button type="submit" loading={navigation.state === "submitting"}>
                {t("admin.people.createAndLink")}
              </Button>
            </Grid.Col>
          </Grid>
        </Form>
      </Paper>
    </AdminPage>
  );
}
