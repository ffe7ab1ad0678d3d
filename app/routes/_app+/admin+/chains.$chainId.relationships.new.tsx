import { parseWithZod } from "@conform-to/zod";
import { Paper } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage } from "~/components/admin/admin-ui";
import { RelationshipForm } from "~/components/admin/relationship-form";
import { relationshipSchema } from "~/forms/admin-chains";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { createRelationship, getChainForAdmin } from "~/models/admin-chains.server";
import { organisationOptions } from "~/models/organisation.server";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.newRelationship", { admin: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const chain = await getChainForAdmin(user, idParam(params, "chainId"));
  return { chain: { id: chain.id, name: chain.name }, organisations: await organisationOptions(user) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const id = idParam(params, "chainId");
  const submission = parseWithZod(await request.formData(), { schema: relationshipSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createRelationship(user, id, submission.value, clientIp(context));
  if (!result.ok) return refusalResponse(submission, result);
  return redirect(`/admin/chains/${id}?saved=1`);
}

export default function NewRelationshipPage() {
  const { chain, organisations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.rel.new")} intro={chain.name} back={{ to: `/admin/chains/${chain.id}`, label: chain.name }}>
      <Paper withBorder p="lg">
        <RelationshipForm mode="create" organisations={organisations} lastResult={lastResult} submitLabel={t("admin.rel.create")} />
      </Paper>
    </AdminPage>
  );
}
