import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Anchor, Badge, Button, Group, Paper, Table, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage, Notice } from "~/components/admin/admin-ui";
import { ChainForm } from "~/components/admin/chain-form";
import { chainSchema } from "~/forms/admin-chains";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { getChainForAdmin, updateChain } from "~/models/admin-chains.server";
import { organisationOptions } from "~/models/organisation.server";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, null, { name: data?.chain.name, admin: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const chain = await getChainForAdmin(user, idParam(params, "chainId"));
  return { chain, organisations: await organisationOptions(user) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const id = idParam(params, "chainId");
  const submission = parseWithZod(await request.formData(), { schema: chainSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateChain(user, id, submission.value, clientIp(context));
  if (!result.ok) return refusalResponse(submission, result);
  return redirect(`/admin/chains/${id}?saved=1`);
}

export default function AdminChainPage() {
  const { chain, organisations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, date } = useI18n();
  const defaults = { name: chain.name, description: chain.description ?? "", focalOrganisationId: String(chain.focalOrganisationId) };
  return (
    <AdminPage title={chain.name} back={{ to: "/admin/chains", label: t("admin.chains.title") }}>
      {searchParams.get("saved") && !lastResult ? <Notice tone="success">{t("admin.saved")}</Notice> : null}
      <Paper withBorder p="lg">
        <Title order={2} size="h4" mb="md">
          {t("admin.chains.edit")}
        </Title>
        <ChainForm key={JSON.stringify(defaults)} organisations={organisations} lastResult={lastResult} defaultValue={defaults} submitLabel={t("admin.save")} />
      </Paper>
      <Paper withBorder p="lg">
        <Group justify="space-between" mb="md">
          <Title order={2} size="h4">
            {t("admin.chains.relationships")}
          </Title>
          <Button component={Link} to={`/admin/chains/${chain.id}/relationships/new`} variant="light">
            {t("admin.rel.new")}
          </Button>
        </Group>
        {chain.relationships.length === 0 ? (
          <Text c="dimmed">{t("admin.rel.empty")}</Text>
        ) : (
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("admin.rel.provider")}</Table.Th>
                <Table.Th>{t("admin.rel.customer")}</Table.Th>
                <Table.Th>{t("admin.rel.serviceName")}</Table.Th>
                <Table.Th>{t("admin.rel.stage")}</Table.Th>
                <Table.Th>{t("admin.rel.startDate")}</Table.Th>
                <Table.Th>{t("admin.rel.context")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {chain.relationships.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/chains/${chain.id}/relationships/${r.id}`} fw={600}>
                      {r.providerName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.customerName}</Table.Td>
                  <Table.Td>{r.serviceName}</Table.Td>
                  <Table.Td>{t(labelKey("stage", r.lifecycleStage))}</Table.Td>
                  <Table.Td>{date(r.startDate)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge size="xs" variant="outline" color="gray" tt="none">
                        {r.maturity ? t(labelKey("maturity", r.maturity)) : "–"}
                        {r.maturityOverride ? ` (${t("admin.org.manual")})` : ""}
                      </Badge>
                      <Badge size="xs" variant="outline" color="gray" tt="none">
                        {t(labelKey("diversity", r.diversity))}
                      </Badge>
                      <Badge size="xs" variant="outline" color="gray" tt="none">
                        {t(labelKey("criticality", r.criticality))}
                      </Badge>
                      {r.referenceCustomer ? (
                        <Badge size="xs" variant="outline" color="blue" tt="none">
                          {t("reference")}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </AdminPage>
  );
}
