import { parseWithZod } from "@conform-to/zod";
import { Paper } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage } from "~/components/admin/admin-ui";
import { OrganisationForm } from "~/components/admin/organisation-form";
import { organisationSchema } from "~/forms/admin-organisation";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { createOrganisation } from "~/models/organisation.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.newOrganisation", { admin: true });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: organisationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createOrganisation(user, submission.value, clientIp(context));
  if (!result.ok) return refusalResponse(submission, result);
  return redirect(`/admin/organisations/${result.id}?saved=1`);
}

export default function NewOrganisationPage() {
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.org.new")} back={{ to: "/admin/organisations", label: t("admin.org.title") }}>
      <Paper withBorder p="lg">
        <OrganisationForm lastResult={lastResult} submitLabel={t("admin.org.create")} />
      </Paper>
    </AdminPage>
  );
}
