import { SIZE_CLASSES } from "~/domain/factors";
import { parseWithZod } from "@conform-to/zod";
import { knownLabel } from "~/i18n/labels";
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage, Notice } from "~/components/admin/admin-ui";
import { OrganisationForm } from "~/components/admin/organisation-form";
import { organisationSchema } from "~/forms/admin-organisation";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { getOrganisation, updateOrganisation } from "~/models/organisation.server";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, null, { name: data?.organisation.name, admin: true });

const asText = (v: number | string | null) => (v === null ? "" : String(v));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const o = await getOrganisation(user, idParam(params, "organisationId"));
  return {
    organisation: {
      id: o.id,
      name: o.name,
      sizeClass: o.sizeClass,
      sizeClassManual: o.sizeClassManual,
      computedSizeClass: o.computedSizeClass,
      startup: o.startup,
      foundedYear: o.foundedYear,
      focalChains: o.focalChains,
    },
    defaults: {
      name: o.name,
      businessId: o.businessId ?? "",
      headcount: asText(o.headcount),
      turnoverEur: asText(o.turnoverEur),
      balanceSheetEur: asText(o.balanceSheetEur),
      foundedYear: asText(o.foundedYear),
      city: o.city ?? "",
      description: o.description ?? "",
      emailDomains: o.emailDomains.join("\n"),
      sizeClassManual: o.sizeClassManual,
      sizeClass: o.sizeClassManual ? (o.sizeClass ?? "") : "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const id = idParam(params, "organisationId");
  const submission = parseWithZod(await request.formData(), { schema: organisationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateOrganisation(user, id, submission.value, clientIp(context));
  if (!result.ok) return refusalResponse(submission, result);
  return redirect(`/admin/organisations/${id}?saved=1`);
}

export default function EditOrganisationPage() {
  const { organisation, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useI18n();
  const size = (c: string | null) => (c ? knownLabel(t, "size", SIZE_CLASSES, c) : t("size.unknown"));
  return (
    <AdminPage title={organisation.name} back={{ to: "/admin/organisations", label: t("admin.org.title") }}>
      {searchParams.get("saved") && !lastResult ? <Notice tone="success">{t("admin.saved")}</Notice> : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            {t("admin.org.sizeClass")}
          </Text>
          <Group gap={6}>
            <Text fw={700} data-testid="size-class">
              {size(organisation.sizeClass)}
            </Text>
            <Badge size="sm" variant="light" color="gray" tt="none">
              {organisation.sizeClassManual ? t("admin.org.manual") : t("admin.org.computed")}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t("admin.org.computedAs", { size: size(organisation.computedSizeClass) })}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            {t("admin.org.startupStatus")}
          </Text>
          <Text fw={700} data-testid="startup">
            {organisation.startup ? t("admin.org.isStartup") : t("admin.org.notStartup")}
          </Text>
          <Text size="sm" c="dimmed">
            {t("admin.org.startupRule")}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            {t("admin.org.focalOf")}
          </Text>
          {organisation.focalChains.length ? (
            <Stack gap={2}>
              {organisation.focalChains.map((c) => (
                <Anchor key={c.id} component={Link} to={`/admin/chains/${c.id}`}>
                  {c.name}
                </Anchor>
              ))}
            </Stack>
          ) : (
            <Text>–</Text>
          )}
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="lg">
        <Title order={2} size="h4" mb="md">
          {t("admin.org.edit")}
        </Title>
        <OrganisationForm key={JSON.stringify(defaults)} lastResult={lastResult} defaultValue={defaults} submitLabel={t("admin.save")} />
      </Paper>
    </AdminPage>
  );
}
