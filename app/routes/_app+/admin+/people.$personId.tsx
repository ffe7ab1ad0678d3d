import type { SubmissionResult } from "@conform-to/react";
import { labelKey } from "~/i18n/labels";
import { parseWithZod } from "@conform-to/zod";
import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clientIp } from "~/auth.server";
import { AdminPage, Notice, OneTimeLink } from "~/components/admin/admin-ui";
import { ConformForm, FormFooter, SelectField, TextField, useErrorText, useSchemaForm } from "~/components/forms";
import { publicOrigin } from "~/http/public-url.server";
import { MEMBERSHIP_ROLES } from "~/domain/factors";
import { addMembershipSchema, changeRoleSchema, editPersonSchema, PERSON_INTENTS, removeMembershipSchema, type PersonIntent } from "~/forms/admin-people";
import type { MessageKey } from "~/i18n/messages";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requireOrganisationAdminOrPlatformAdmin } from "~/models/admin-access.server";
import { addMembership, changeMembershipRole, removeMembership } from "~/models/people-memberships.server";
import { assignableOrganisations, createResetLink, getPerson, renamePerson, setPersonDisabled, setPlatformAdmin } from "~/models/people.server";
import { idParam } from "~/http/route-params.server";
import { refusalReply } from "~/http/refusal";
import { firstMessage } from "~/models/result";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, null, { name: data?.person.name, admin: true });

// A reset link may be in the answer to a POST: never cache this page.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  const person = await getPerson(user, idParam(params, "personId"));
  const memberOf = new Set(person.memberships.map((m) => m.organisationId));
  return {
    person: {
      id: person.id,
      name: person.name,
      email: person.email,
      isPlatformAdmin: person.isPlatformAdmin,
      disabled: person.disabled,
      disabledAt: person.disabledAt,
      createdAt: person.createdAt,
      passwordChangedAt: person.passwordChangedAt,
      activeSessions: person.activeSessions,
      memberships: person.memberships,
      accountLock: person.accountLock,
      isSelf: person.isSelf,
      canManagePlatformAdmin: person.canManagePlatformAdmin,
    },
    addableOrganisations: (await assignableOrganisations(user)).filter((o) => !memberOf.has(o.id)),
  };
}

type ActionResult = {
  intent: PersonIntent;
  result?: SubmissionResult<string[]>;
  notice?: MessageKey;
  error?: string;
  link?: { url: string; expiresAt: string };
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  const id = idParam(params, "personId");
  // Out-of-scope people are a 404 before the form is read, as on the page.
  await getPerson(user, id);
  const ctx = { ip: clientIp(context) };
  const formData = await request.formData();
  const intent = z.enum(PERSON_INTENTS).safeParse(formData.get("intent"));
  if (!intent.success) return data({ intent: "edit", error: "admin.badRequest" } satisfies ActionResult, { status: 400 });
  const reply = (body: ActionResult, status = 200) => data(body, { status, headers: { "Cache-Control": "no-store" } });

  switch (intent.data) {
    case "edit": {
      const submission = parseWithZod(formData, { schema: editPersonSchema });
      if (submission.status !== "success") return reply({ intent: "edit", result: submission.reply() }, 400);
      await renamePerson(user, id, submission.value.name, ctx);
      return reply({ intent: "edit", result: submission.reply(), notice: "admin.saved" });
    }
    case "addMembership": {
      const submission = parseWithZod(formData, { schema: addMembershipSchema });
      if (submission.status !== "success") return reply({ intent: "addMembership", result: submission.reply() }, 400);
      const outcome = await addMembership(user, id, submission.value.organisationId, submission.value.role, ctx);
      if (!outcome.ok) return reply({ intent: "addMembership", result: refusalReply(submission, outcome) }, outcome.status);
      return reply({ intent: "addMembership", result: submission.reply({ resetForm: true }), notice: "admin.people.membershipAdded" });
    }
    case "changeRole": {
      const parsed = changeRoleSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return reply({ intent: "changeRole", error: "admin.badRequest" }, 400);
      await changeMembershipRole(user, id, parsed.data.organisationId, parsed.data.role, ctx);
      return reply({ intent: "changeRole", notice: "admin.people.roleChanged" });
    }
    case "removeMembership": {
      const parsed = removeMembershipSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return reply({ intent: "removeMembership", error: "admin.badRequest" }, 400);
      await removeMembership(user, id, parsed.data.organisationId, ctx);
      return reply({ intent: "removeMembership", notice: "admin.people.membershipRemoved" });
    }
    case "disable":
    case "enable": {
      const outcome = await setPersonDisabled(user, id, intent.data === "disable", ctx);
      if (!outcome.ok) return reply({ intent: intent.data, error: firstMessage(outcome) }, outcome.status);
      return reply({ intent: intent.data, notice: intent.data === "disable" ? "admin.people.disabledNotice" : "admin.people.enabledNotice" });
    }
    case "resetLink": {
      const outcome = await createResetLink(user, id, ctx);
      if (!outcome.ok) return reply({ intent: "resetLink", error: firstMessage(outcome) }, outcome.status);
      return reply({
        intent: "resetLink",
        link: { url: `${publicOrigin(request)}/reset-password/${outcome.token}`, expiresAt: outcome.expiresAt },
      });
    }
    case "grantPlatformAdmin":
    case "revokePlatformAdmin": {
      const outcome = await setPlatformAdmin(user, id, intent.data === "grantPlatformAdmin", ctx);
      if (!outcome.ok) return reply({ intent: intent.data, error: firstMessage(outcome) }, outcome.status);
      return reply({ intent: intent.data, notice: "admin.saved" });
    }
  }
}

function IntentButton({ intent, children, color, variant = "default" }: { intent: PersonIntent; children: string; color?: string; variant?: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button type="submit" color={color} variant={variant}>
        {children}
      </Button>
    </Form>
  );
}

function RenameForm({ name, lastResult }: { name: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(editPersonSchema, { id: "rename-person", lastResult, defaultValue: { name } });
  return (
    <ConformForm form={form}>
      <input type="hidden" name="intent" value="edit" />
      <Group align="flex-end">
        <TextField field={fields.name} label={t("admin.people.name")} />
        <FormFooter submitLabel={t("admin.save")} submitProps={{ variant: "default" }} />
      </Group>
    </ConformForm>
  );
}

function AddMembershipForm({ organisations, lastResult }: { organisations: Array<{ id: number; name: string }>; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(addMembershipSchema, { id: "add-membership", lastResult, defaultValue: { role: "staff" } });
  return (
    <ConformForm form={form}>
      <input type="hidden" name="intent" value="addMembership" />
      <Group align="flex-end">
        <SelectField
          field={fields.organisationId}
          label={t("admin.people.organisation")}
          options={[{ value: "", label: t("admin.people.chooseOrganisation") }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
        />
        <SelectField field={fields.role} label={t("admin.people.role")} options={MEMBERSHIP_ROLES.map((r) => ({ value: r, label: t(labelKey("role", r)) }))} />
        <FormFooter submitLabel={t("admin.people.addMembership")} submitProps={{ variant: "default" }} />
      </Group>
    </ConformForm>
  );
}

export default function PersonPage() {
  const { person, addableOrganisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const { t, dateTime } = useI18n();
  const err = useErrorText();
  const resultFor = (intent: PersonIntent) => (actionData?.intent === intent ? actionData.result : undefined);
  const busy = navigation.state !== "idle";

  return (
    <AdminPage title={person.name} intro={person.email} back={{ to: "/admin/people", label: t("admin.people.title") }}>
      {actionData?.notice && !busy ? <Notice tone="success">{t(actionData.notice)}</Notice> : null}
      {actionData?.error && !busy ? <Notice tone="error">{err(actionData.error)}</Notice> : null}
      {actionData?.link ? <OneTimeLink url={actionData.link.url} expiresAt={actionData.link.expiresAt} personName={person.name} /> : null}

      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            {t("admin.people.status")}
          </Text>
          <Group gap={4}>
            {person.disabled ? (
              <Badge color="red" variant="light" tt="none" data-testid="person-status">
                {t("admin.people.disabled")}
              </Badge>
            ) : (
              <Badge color="teal" variant="outline" tt="none" data-testid="person-status">
                {t("admin.people.active")}
              </Badge>
            )}
            {person.isPlatformAdmin ? (
              <Badge variant="filled" color="teal" tt="none">
                {t("home.platformAdmin")}
              </Badge>
            ) : null}
          </Group>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            {t("admin.people.created")}
          </Text>
          <Text>{dateTime(person.createdAt)}</Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            {t("admin.people.passwordChanged")}
          </Text>
          <Text>{person.passwordChangedAt ? dateTime(person.passwordChangedAt) : t("admin.people.passwordNeverSet")}</Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            {t("admin.people.sessions")}
          </Text>
          <Text data-testid="active-sessions">{person.activeSessions}</Text>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="lg">
        <Stack>
          <Title order={2} size="h4">
            {t("admin.people.account")}
          </Title>
          {person.accountLock ? (
            <Text c="dimmed">{t(labelKey("admin.people.lock", person.accountLock))}</Text>
          ) : (
            <>
              <RenameForm key={person.name} name={person.name} lastResult={resultFor("edit")} />
              <Group>
                {person.disabled ? (
                  <IntentButton intent="enable">{t("admin.people.enable")}</IntentButton>
                ) : (
                  <>
                    <IntentButton intent="resetLink">{t("admin.people.resetLink")}</IntentButton>
                    {person.isSelf ? null : (
                      <IntentButton intent="disable" color="red" variant="light">
                        {t("admin.people.disable")}
                      </IntentButton>
                    )}
                  </>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                {person.disabled ? t("admin.people.disabledHint") : t("admin.people.disableHint")}
              </Text>
            </>
          )}
          {person.canManagePlatformAdmin ? (
            <Group>
              <IntentButton intent={person.isPlatformAdmin ? "revokePlatformAdmin" : "grantPlatformAdmin"}>
                {person.isPlatformAdmin ? t("admin.people.revokePlatformAdmin") : t("admin.people.grantPlatformAdmin")}
              </IntentButton>
            </Group>
          ) : null}
        </Stack>
      </Paper>

      <Paper withBorder p="lg">
        <Stack>
          <Title order={2} size="h4">
            {t("admin.people.memberships")}
          </Title>
          {person.memberships.length === 0 ? (
            <Text c="dimmed">{t("admin.people.noMemberships")}</Text>
          ) : (
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("admin.people.organisation")}</Table.Th>
                  <Table.Th>{t("admin.people.role")}</Table.Th>
                  <Table.Th>{t("admin.people.remove")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {person.memberships.map((m) => (
                  <Table.Tr key={`${m.organisationId}-${m.role}`}>
                    <Table.Td>{m.organisationName}</Table.Td>
                    <Table.Td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="changeRole" />
                        <input type="hidden" name="organisationId" value={m.organisationId} />
                        <Group gap="xs" wrap="nowrap">
                          <NativeSelect
                            name="role"
                            defaultValue={m.role}
                            aria-label={t("admin.people.roleIn", { organisation: m.organisationName })}
                            data={MEMBERSHIP_ROLES.map((r) => ({ value: r, label: t(labelKey("role", r)) }))}
                          />
                          <Button type="submit" variant="default" size="xs">
                            {t("admin.people.changeRole")}
                          </Button>
                        </Group>
                      </Form>
                    </Table.Td>
                    <Table.Td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="removeMembership" />
                        <input type="hidden" name="organisationId" value={m.organisationId} />
                        <Button
                          type="submit"
                          variant="subtle"
                          color="red"
                          size="xs"
                          aria-label={t("admin.people.removeFrom", { organisation: m.organisationName })}
                        >
                          {t("admin.people.remove")}
                        </Button>
                      </Form>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {addableOrganisations.length ? <AddMembershipForm organisations={addableOrganisations} lastResult={resultFor("addMembership")} /> : null}
        </Stack>
      </Paper>
    </AdminPage>
  );
}
