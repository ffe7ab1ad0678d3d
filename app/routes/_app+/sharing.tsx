import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Alert, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { recordId } from "~/domain/record-id";
import { clientIp, requireUser } from "~/auth.server";
import { ConformForm, FormError, FormFooter, RadioGroupField, SelectField, TextareaField, useSchemaForm, useSubmitting } from "~/components/forms";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { revokeGrantSchema, SHARING_AUDIENCES, sharingGrantSchema } from "~/forms/sharing-grant";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { createGrant, grantToRevoke, listGrantsToMe, listOwnGrants, restoreGrant, revokeGrant, sharingOptions, type GrantView } from "~/models/sharing.server";
import { refusalResponse } from "~/http/refusal";
import { firstMessage } from "~/models/result";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.sharing");

/** `?revoke=<id>`: the grant to confirm revoking; `?revoked=<id>`: the grant just revoked, to undo. */
const pageQuerySchema = z.object({
  revoke: recordId().optional().catch(undefined),
  revoked: recordId().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = pageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    own: await listOwnGrants(user),
    toMe: await listGrantsToMe(user),
    options: await sharingOptions(user),
    confirmRevoke: query.revoke ? await grantToRevoke(user, query.revoke) : null,
    undoGrantId: query.revoked ?? null,
    isAdmin: user.isPlatformAdmin,
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Forms post; anything else (DELETE /sharing, say) has no form to read.
  if (request.method !== "POST") throw new Response("Method not allowed", { status: 405, headers: { Allow: "GET, HEAD, POST" } });
  const formData = await request.formData();
  const ip = clientIp(context);
  const intent = formData.get("intent");
  if (intent === "revoke" || intent === "restore") {
    const parsed = revokeGrantSchema.safeParse({ grantId: formData.get("grantId") });
    if (!parsed.success) throw new Response("Not found", { status: 404 });
    if (intent === "revoke") {
      await revokeGrant(user, parsed.data.grantId, ip);
      return redirect(`/sharing?revoked=${parsed.data.grantId}`);
    }
    const restored = await restoreGrant(user, parsed.data.grantId, ip);
    return redirect(
      restored.ok ? "/sharing?restored=1" : `/sharing?restoreFailed=${firstMessage(restored) === "sharing.undoExpired" ? "expired" : "duplicate"}`,
    );
  }
  const submission = parseWithZod(formData, { schema: sharingGrantSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createGrant(user, submission.value, ip);
  if (!result.ok) return refusalResponse(submission, result);
  return redirect("/sharing?granted=1");
}

function useGrantText() {
  const { t, locale } = useI18n();
  return {
    metric: (g: GrantView) => (g.metric ? (locale === "fi" ? g.metric.nameFi : g.metric.nameEn) : t("sharing.allMetrics")),
    relationship: (g: GrantView) =>
      g.relationship ? `${g.relationship.providerName} → ${g.relationship.customerName} · ${g.relationship.serviceName}` : t("sharing.allRelationships"),
    audience: (g: GrantView) => {
      const base = t(labelKey("sharing.audience", g.audience));
      if (g.audience === "organisation") return `${base}: ${g.granteeName}`;
      if (g.chainName && g.audience !== "counterpart") return `${base} (${g.chainName})`;
      return base;
    },
  };
}

function OwnGrants({ grants, isAdmin }: { grants: GrantView[]; isAdmin: boolean }) {
  const { t, date } = useI18n();
  const text = useGrantText();
  if (grants.length === 0) return <Text c="dimmed">{t("sharing.noneOwn")}</Text>;
  return (
    <Table striped withTableBorder fz="sm" aria-label={t("sharing.ownTitle")} data-testid="own-grants">
      <Table.Thead>
        <Table.Tr>
          {isAdmin ? <Table.Th scope="col">{t("sharing.grantor")}</Table.Th> : null}
          <Table.Th scope="col">{t("metrics.metric")}</Table.Th>
          <Table.Th scope="col">{t("metrics.relationship")}</Table.Th>
          <Table.Th scope="col">{t("sharing.audience")}</Table.Th>
          <Table.Th scope="col">{t("sharing.whoCanSee")}</Table.Th>
          <Table.Th scope="col">{t("sharing.granted")}</Table.Th>
          <Table.Th scope="col">{t("sharing.status")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {/* Revoked rows are not faded: at reduced opacity grey text falls below 4.5:1; the status column says so. */}
        {grants.map((g) => (
          <Table.Tr key={g.id} data-testid="grant-row">
            {isAdmin ? <Table.Td>{g.grantorName}</Table.Td> : null}
            <Table.Td fw={500}>{text.metric(g)}</Table.Td>
            <Table.Td>{text.relationship(g)}</Table.Td>
            <Table.Td>
              {text.audience(g)}
              {g.note ? (
                <Text size="xs" c="dimmed">
                  {g.note}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              {g.reaches ? (
                g.reaches.names.length === 0 && !g.reaches.others ? (
                  <Text size="sm" c="dimmed">
                    {t("sharing.reachesNobody")}
                  </Text>
                ) : (
                  <>
                    <List size="sm" spacing={0}>
                      {g.reaches.names.map((n) => (
                        <List.Item key={n}>{n}</List.Item>
                      ))}
                      {g.reaches.others ? <List.Item>{t("sharing.reachesOthers")}</List.Item> : null}
                    </List>
                    {g.relationship === null && g.audience !== "counterpart" ? (
                      <Text size="xs" c="dimmed">
                        {t("sharing.peerRuleShort")}
                      </Text>
                    ) : null}
                  </>
                )
              ) : (
                "–"
              )}
            </Table.Td>
            <Table.Td>{date(g.grantedAt)}</Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              {g.revokedAt ? (
                <Text size="sm" c="dimmed">
                  {t("sharing.revokedOn", { date: date(g.revokedAt) })}
                </Text>
              ) : (
                <Stack gap={6} align="flex-start">
                  <Text size="sm" c="teal.9" fw={500}>
                    ✓ {t("sharing.active")}
                  </Text>
                  {g.canRevoke ? (
                    // A link to the confirmation, not the revocation itself: it works without JavaScript too.
                    <Button
                      component={Link}
                      to={`/sharing?revoke=${g.id}#revoke-confirm`}
                      size="compact-xs"
                      color="red"
                      variant="outline"
                      aria-label={`${t("sharing.revoke")}: ${text.metric(g)} · ${text.audience(g)}`}
                    >
                      {t("sharing.revoke")}
                    </Button>
                  ) : null}
                </Stack>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function GrantsToMe({ grants }: { grants: GrantView[] }) {
  const { t, date } = useI18n();
  const text = useGrantText();
  if (grants.length === 0) return <Text c="dimmed">{t("sharing.noneToMe")}</Text>;
  return (
    <Table striped withTableBorder fz="sm" aria-label={t("sharing.toMeTitle")} data-testid="grants-to-me">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("sharing.grantor")}</Table.Th>
          <Table.Th scope="col">{t("metrics.metric")}</Table.Th>
          <Table.Th scope="col">{t("metrics.relationship")}</Table.Th>
          <Table.Th scope="col">{t("sharing.audience")}</Table.Th>
          <Table.Th scope="col">{t("sharing.granted")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {grants.map((g) => (
          <Table.Tr key={g.id}>
            <Table.Td>{g.grantorName}</Table.Td>
            <Table.Td fw={500}>{text.metric(g)}</Table.Td>
            <Table.Td>{text.relationship(g)}</Table.Td>
            <Table.Td>{text.audience(g)}</Table.Td>
            <Table.Td>{date(g.grantedAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function GrantForm({ options }: { options: Awaited<ReturnType<typeof loader>>["options"] }) {
  const lastResult = useActionData<typeof action>();
  const granting = useSubmitting("grant");
  const { t, locale } = useI18n();
  const [form, fields] = useSchemaForm(sharingGrantSchema, {
    lastResult,
    defaultValue: { grantor: String(options.grantors[0]?.id ?? ""), metric: "all", relationship: "all", audience: "counterpart" },
  });
  const many = options.grantors.length > 1;
  const prefix = (name: string) => (many ? `${name}: ` : "");
  const metricOptions = options.grantors.flatMap((g) =>
    g.metrics.map((m) => ({ value: String(m.id), label: `${prefix(g.name)}${locale === "fi" ? m.nameFi : m.nameEn}` })),
  );
  const relOptions = options.grantors.flatMap((g) => g.relationships.map((r) => ({ value: String(r.id), label: `${prefix(g.name)}${r.label}` })));
  const chainOptions = [...new Map(options.grantors.flatMap((g) => g.chains.map((c) => [c.id, c.name] as const))).entries()].map(([id, name]) => ({
    value: String(id),
    label: name,
  }));

  return (
    <ConformForm form={form}>
      <input type="hidden" name="intent" value="grant" />
      <Stack gap="sm" maw={860}>
        <FormError form={form} />
        {many ? (
          <SelectField field={fields.grantor} label={t("sharing.grantor")} options={options.grantors.map((g) => ({ value: String(g.id), label: g.name }))} />
        ) : (
          <input type="hidden" name="grantor" value={options.grantors[0].id} />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SelectField field={fields.metric} label={t("metrics.metric")} options={[{ value: "all", label: t("sharing.allMetrics") }, ...metricOptions]} />
          <SelectField
            field={fields.relationship}
            label={t("metrics.relationship")}
            description={t("sharing.relationshipHint")}
            options={[{ value: "all", label: t("sharing.allRelationships") }, ...relOptions]}
          />
        </SimpleGrid>
        <RadioGroupField
          field={fields.audience}
          label={t("sharing.audience")}
          options={SHARING_AUDIENCES.map((a) => ({
            value: a,
            label: t(labelKey("sharing.audience", a)),
            description: t(labelKey("sharing.audienceHint", a)),
          }))}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SelectField
            field={fields.grantee}
            label={t("sharing.grantee")}
            description={t("sharing.granteeHint")}
            options={[
              { value: "", label: t("metrics.choose") },
              ...options.organisations.filter((o) => !options.grantors.some((g) => g.id === o.id)).map((o) => ({ value: String(o.id), label: o.name })),
            ]}
          />
          <SelectField
            field={fields.chain}
            label={t("sharing.chain")}
            description={t("sharing.chainHint")}
            options={[{ value: "", label: t("metrics.choose") }, ...chainOptions]}
          />
        </SimpleGrid>
        <TextareaField field={fields.note} label={t("sharing.note")} />
        <FormFooter submitLabel={t("sharing.submit")} pending={granting} />
      </Stack>
    </ConformForm>
  );
}

/** The safety net before a grant is revoked: what stops being shared, with whom, and a way back. */
function RevokeConfirmation({ grant }: { grant: GrantView }) {
  const { t } = useI18n();
  const text = useGrantText();
  const navigation = useNavigation();
  return (
    <Paper withBorder p="md" id="revoke-confirm" role="region" aria-labelledby="revoke-confirm-title" data-testid="revoke-confirm">
      <Stack gap="sm">
        <Title order={2} size="h3" id="revoke-confirm-title">
          {t("sharing.revokeConfirmTitle")}
        </Title>
        <Text>{t("sharing.revokeConfirmText", { audience: text.audience(grant), metric: text.metric(grant), relationship: text.relationship(grant) })}</Text>
        <Form method="post">
          <input type="hidden" name="intent" value="revoke" />
          <input type="hidden" name="grantId" value={grant.id} />
          <Group>
            <Button type="submit" color="red" loading={navigation.state === "submitting"}>
              {t("sharing.revokeConfirm")}
            </Button>
            <Button component={Link} to="/sharing" variant="default">
              {t("sharing.revokeCancel")}
            </Button>
          </Group>
        </Form>
      </Stack>
    </Paper>
  );
}

export default function SharingPage() {
  const { own, toMe, options, isAdmin, isOrgAdmin, confirmRevoke, undoGrantId } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("sharing.title")}</Title>
        <Text c="dimmed">{t("sharing.intro")}</Text>
      </div>
      <MetricsNav current="sharing" isOrgAdmin={isOrgAdmin} />
      {params.get("granted") ? (
        <Alert color="teal" role="status">
          {t("sharing.grantedNotice")}
        </Alert>
      ) : null}
      {params.get("revoked") ? (
        <Alert color="teal" role="status">
          <Group gap="sm" justify="space-between">
            <Text size="sm">{t("sharing.revokedNotice")}</Text>
            {undoGrantId ? (
              <Form method="post">
                <input type="hidden" name="intent" value="restore" />
                <input type="hidden" name="grantId" value={undoGrantId} />
                <Button type="submit" size="compact-sm" variant="default">
                  {t("sharing.undo")}
                </Button>
              </Form>
            ) : null}
          </Group>
        </Alert>
      ) : null}
      {params.get("restored") ? (
        <Alert color="teal" role="status">
          {t("sharing.restoredNotice")}
        </Alert>
      ) : null}
      {params.get("restoreFailed") ? (
        <Alert color="red" role="alert">
          {t(params.get("restoreFailed") === "duplicate" ? "sharing.validation.duplicate" : "sharing.undoExpired")}
        </Alert>
      ) : null}
      {confirmRevoke ? <RevokeConfirmation grant={confirmRevoke} /> : null}

      <Alert color="blue" variant="light" title={t("sharing.rulesTitle")}>
        <List size="sm" spacing={4}>
          <List.Item>{t("sharing.rule.default")}</List.Item>
          <List.Item>{t("sharing.rule.peer")}</List.Item>
          <List.Item>{t("sharing.rule.named")}</List.Item>
          <List.Item>{t("sharing.rule.revoke")}</List.Item>
        </List>
      </Alert>

      <Stack gap="xs">
        <Title order={2} size="h3">
          {t(isAdmin ? "sharing.allTitle" : "sharing.ownTitle")}
        </Title>
        <OwnGrants grants={own} isAdmin={isAdmin} />
      </Stack>

      {options.grantors.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t("sharing.newTitle")}
          </Title>
          <GrantForm options={options} />
        </Stack>
      ) : null}

      {isAdmin ? null : (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t("sharing.toMeTitle")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("sharing.toMeIntro")}
          </Text>
          <GrantsToMe grants={toMe} />
        </Stack>
      )}
    </Stack>
  );
}
