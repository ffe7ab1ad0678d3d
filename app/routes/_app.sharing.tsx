import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Alert, Button, Group, List, NativeSelect, Radio, SimpleGrid, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { clientIp, requireUser } from "~/auth.server";
import { MetricsNav } from "~/components/metrics/metrics-nav";
import { revokeGrantSchema, SHARING_AUDIENCES, sharingGrantSchema } from "~/forms/sharing-grant";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { createGrant, listGrantsToMe, listOwnGrants, revokeGrant, sharingOptions, type GrantView } from "~/models/sharing.server";

export const meta: MetaFunction = () => [{ title: "Sharing · Service chain portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    own: listOwnGrants(user),
    toMe: listGrantsToMe(user),
    options: sharingOptions(user),
    isAdmin: user.isPlatformAdmin,
    isOrgAdmin: user.memberships.some((m) => m.role === "org_admin"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const ip = clientIp(context);
  if (formData.get("intent") === "revoke") {
    const parsed = revokeGrantSchema.safeParse({ grantId: formData.get("grantId") });
    if (!parsed.success) throw new Response("Not found", { status: 404 });
    revokeGrant(user, parsed.data.grantId, ip);
    return redirect("/sharing?revoked=1");
  }
  const submission = parseWithZod(formData, { schema: sharingGrantSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = createGrant(user, submission.value, ip);
  if (!result.ok) {
    return data(submission.reply(result.field ? { fieldErrors: { [result.field]: [result.error] } } : { formErrors: [result.error] }), { status: 400 });
  }
  return redirect("/sharing?granted=1");
}

function useGrantText() {
  const { t, locale } = useI18n();
  return {
    metric: (g: GrantView) => (g.metric ? (locale === "fi" ? g.metric.nameFi : g.metric.nameEn) : t("sharing.allMetrics")),
    relationship: (g: GrantView) =>
      g.relationship ? `${g.relationship.providerName} → ${g.relationship.customerName} · ${g.relationship.serviceName}` : t("sharing.allRelationships"),
    audience: (g: GrantView) => {
      const base = t(`sharing.audience.${g.audience}` as MessageKey);
      if (g.audience === "organisation") return `${base}: ${g.granteeName}`;
      if (g.chainName && g.audience !== "counterpart") return `${base} (${g.chainName})`;
      return base;
    },
  };
}

function OwnGrants({ grants, isAdmin }: { grants: GrantView[]; isAdmin: boolean }) {
  const { t, date } = useI18n();
  const text = useGrantText();
  const navigation = useNavigation();
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
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="grantId" value={g.id} />
                      <Button
                        type="submit"
                        size="compact-xs"
                        color="red"
                        variant="light"
                        aria-label={`${t("sharing.revoke")}: ${text.metric(g)} · ${text.audience(g)}`}
                        disabled={navigation.state === "submitting"}
                      >
                        {t("sharing.revoke")}
                      </Button>
                    </Form>
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
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { grantor: String(options.grantors[0]?.id ?? ""), metric: "all", relationship: "all", audience: "counterpart" },
    constraint: getZodConstraint(sharingGrantSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sharingGrantSchema }),
  });
  const tr = (key: string | undefined) => (key ? t(key as MessageKey) : undefined);
  const many = options.grantors.length > 1;
  const prefix = (name: string) => (many ? `${name}: ` : "");
  const metricOptions = options.grantors.flatMap((g) => g.metrics.map((m) => ({ value: String(m.id), label: `${prefix(g.name)}${locale === "fi" ? m.nameFi : m.nameEn}` })));
  const relOptions = options.grantors.flatMap((g) => g.relationships.map((r) => ({ value: String(r.id), label: `${prefix(g.name)}${r.label}` })));
  const chainOptions = [...new Map(options.grantors.flatMap((g) => g.chains.map((c) => [c.id, c.name] as const))).entries()].map(([id, name]) => ({ value: String(id), label: name }));

  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="grant" />
      <Stack gap="sm" maw={860}>
        {form.errors?.length ? (
          <Alert color="red" role="alert" id={form.errorId}>
            {tr(form.errors[0])}
          </Alert>
        ) : null}
        {many ? (
          <NativeSelect
            {...getSelectProps(fields.grantor)}
            key={fields.grantor.key}
            label={t("sharing.grantor")}
            data={options.grantors.map((g) => ({ value: String(g.id), label: g.name }))}
            error={tr(fields.grantor.errors?.[0])}
          />
        ) : (
          <input type="hidden" name="grantor" value={options.grantors[0].id} />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            {...getSelectProps(fields.metric)}
            key={fields.metric.key}
            label={t("metrics.metric")}
            data={[{ value: "all", label: t("sharing.allMetrics") }, ...metricOptions]}
            error={tr(fields.metric.errors?.[0])}
          />
          <NativeSelect
            {...getSelectProps(fields.relationship)}
            key={fields.relationship.key}
            label={t("metrics.relationship")}
            description={t("sharing.relationshipHint")}
            data={[{ value: "all", label: t("sharing.allRelationships") }, ...relOptions]}
            error={tr(fields.relationship.errors?.[0])}
          />
        </SimpleGrid>
        <Radio.Group
          name={fields.audience.name}
          defaultValue={fields.audience.initialValue as string}
          label={t("sharing.audience")}
          error={tr(fields.audience.errors?.[0])}
        >
          <Stack gap={6} mt={6}>
            {SHARING_AUDIENCES.map((a) => (
              <Radio key={a} value={a} label={t(`sharing.audience.${a}` as MessageKey)} description={t(`sharing.audienceHint.${a}` as MessageKey)} />
            ))}
          </Stack>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            {...getSelectProps(fields.grantee)}
            key={fields.grantee.key}
            label={t("sharing.grantee")}
            description={t("sharing.granteeHint")}
            data={[{ value: "", label: t("metrics.choose") }, ...options.organisations.filter((o) => !options.grantors.some((g) => g.id === o.id)).map((o) => ({ value: String(o.id), label: o.name }))]}
            error={tr(fields.grantee.errors?.[0])}
          />
          <NativeSelect
            {...getSelectProps(fields.chain)}
            key={fields.chain.key}
            label={t("sharing.chain")}
            description={t("sharing.chainHint")}
            data={[{ value: "", label: t("metrics.choose") }, ...chainOptions]}
            error={tr(fields.chain.errors?.[0])}
          />
        </SimpleGrid>
        <Textarea {...getTextareaProps(fields.note)} key={fields.note.key} label={t("sharing.note")} autosize minRows={2} error={tr(fields.note.errors?.[0])} />
        <Group>
          <Button type="submit" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "grant"}>
            {t("sharing.submit")}
          </Button>
        </Group>
      </Stack>
    </Form>
  );
}

export default function SharingPage() {
  const { own, toMe, options, isAdmin, isOrgAdmin } = useLoaderData<typeof loader>();
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
          {t("sharing.revokedNotice")}
        </Alert>
      ) : null}

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
