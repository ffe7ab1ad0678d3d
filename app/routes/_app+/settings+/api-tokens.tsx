import { parseWithZod } from "@conform-to/zod";
import { Alert, Anchor, Badge, Button, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp, requireUser } from "~/auth.server";
import { ConformForm, FormFooter, SelectField, TextField, useSchemaForm, useSubmitting } from "~/components/forms";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { apiTokenSchema, revokeApiTokenSchema } from "~/forms/metric-api-token";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { forbidden } from "~/models/access.server";
import { createApiToken, listApiTokens, revokeApiToken, tokenOrganisations } from "~/models/api-token.server";
import { publicOrigin } from "~/http/public-url.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.apiTokens");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisations = tokenOrganisations(user);
  if (organisations.length === 0) forbidden("Only an organisation admin manages API tokens");
  return { organisations, tokens: await listApiTokens(user), origin: publicOrigin(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (tokenOrganisations(user).length === 0) throw new Response("Only an organisation admin manages API tokens", { status: 403 });
  const formData = await request.formData();
  const ip = clientIp(context);
  if (formData.get("intent") === "revoke") {
    const parsed = revokeApiTokenSchema.safeParse({ tokenId: formData.get("tokenId") });
    if (!parsed.success) throw new Response("Not found", { status: 404 });
    await revokeApiToken(user, parsed.data.tokenId, ip);
    return redirect("/settings/api-tokens?revoked=1");
  }
  const submission = parseWithZod(formData, { schema: apiTokenSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const created = await createApiToken(user, submission.value.organisation, submission.value.name, ip);
  // The token is in this one response only; it is never stored or shown again.
  return data(
    { result: submission.reply({ resetForm: true }), created: { token: created.token, name: submission.value.name } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function ApiTokensPage() {
  const { organisations, tokens, origin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const creating = useSubmitting("create");
  const [params] = useSearchParams();
  const { t, dateTime } = useI18n();
  const [form, fields] = useSchemaForm(apiTokenSchema, {
    lastResult: actionData?.result,
    defaultValue: { organisation: String(organisations[0].id), name: "" },
  });
  const created = actionData?.created;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("tokens.title")}</Title>
        <Text c="dimmed">{t("tokens.intro")}</Text>
      </div>
      <MetricsNav current="tokens" isOrgAdmin />
      {created ? (
        <Alert color="teal" role="status" title={t("tokens.createdTitle", { name: created.name })}>
          <Stack gap="xs">
            <Text size="sm">{t("tokens.createdHint")}</Text>
            <Code block data-testid="new-token">
              {created.token}
            </Code>
            <Code block>{`curl -H "Authorization: Bearer ${created.token}" ${origin}/api/v1/metrics`}</Code>
          </Stack>
        </Alert>
      ) : null}
      {params.get("revoked") ? (
        <Alert color="teal" role="status">
          {t("tokens.revokedNotice")}
        </Alert>
      ) : null}

      <Stack gap="xs">
        <Title order={2} size="h3">
          {t("tokens.newTitle")}
        </Title>
        <ConformForm form={form}>
          <input type="hidden" name="intent" value="create" />
          <Group align="flex-end" gap="sm">
            {organisations.length > 1 ? (
              <SelectField
                field={fields.organisation}
                label={t("tokens.organisation")}
                options={organisations.map((o) => ({ value: String(o.id), label: o.name }))}
              />
            ) : (
              <input type="hidden" name="organisation" value={organisations[0].id} />
            )}
            <TextField field={fields.name} label={t("tokens.name")} description={t("tokens.nameHint")} w={{ base: "100%", sm: 360 }} />
            <FormFooter submitLabel={t("tokens.create")} pending={creating} />
          </Group>
        </ConformForm>
      </Stack>

      <Stack gap="xs">
        <Title order={2} size="h3">
          {t("tokens.listTitle")}
        </Title>
        {tokens.length === 0 ? (
          <Text c="dimmed">{t("tokens.none")}</Text>
        ) : (
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("tokens.name")}</Table.Th>
                <Table.Th scope="col">{t("tokens.prefix")}</Table.Th>
                {organisations.length > 1 ? <Table.Th scope="col">{t("tokens.organisation")}</Table.Th> : null}
                <Table.Th scope="col">{t("tokens.created")}</Table.Th>
                <Table.Th scope="col">{t("tokens.lastUsed")}</Table.Th>
                <Table.Th scope="col">{t("sharing.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.map((tok) => (
                <Table.Tr key={tok.id} data-testid="token-row">
                  <Table.Td fw={500}>{tok.name}</Table.Td>
                  <Table.Td>
                    <code>{tok.prefix}…</code>
                  </Table.Td>
                  {organisations.length > 1 ? <Table.Td>{tok.organisationName}</Table.Td> : null}
                  <Table.Td>
                    {dateTime(tok.createdAt)}
                    {tok.createdByName ? ` · ${tok.createdByName}` : ""}
                  </Table.Td>
                  <Table.Td>{tok.lastUsedAt ? dateTime(tok.lastUsedAt) : t("tokens.never")}</Table.Td>
                  <Table.Td>
                    {tok.revokedAt ? (
                      <Badge color="gray" variant="outline">
                        {t("tokens.revokedOn", { date: dateTime(tok.revokedAt) })}
                      </Badge>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={tok.id} />
                        <Group gap={6} wrap="nowrap">
                          <Badge color="teal" variant="light">
                            {t("sharing.active")}
                          </Badge>
                          <Button type="submit" size="compact-xs" color="red" variant="light" aria-label={`${t("tokens.revoke")}: ${tok.name}`}>
                            {t("tokens.revoke")}
                          </Button>
                        </Group>
                      </Form>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      <Stack gap={4}>
        <Title order={2} size="h4">
          {t("tokens.docsTitle")}
        </Title>
        <Text size="sm">
          {t("tokens.docs")}{" "}
          <Anchor href="/api/v1/openapi.json" target="_blank">
            /api/v1/openapi.json
          </Anchor>
        </Text>
        <Code block>{`POST /api/v1/measurements
Authorization: Bearer scp_…
Content-Type: application/json

{ "measurements": [ { "metric": "on_time_delivery", "relationshipId": 12, "month": "2026-03", "value": 96.5 } ] }`}</Code>
      </Stack>
    </Stack>
  );
}
