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
import { getChainForAdmin, getRelationshipForAdmin, updateRelationship } from "~/models/admin-chains.server";
import { organisationOptions } from "~/models/organisation.server";
import { idParams } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.relationship", { admin: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const { chainId, relationshipId } = idParams(params, "chainId", "relationshipId");
  const r = await getRelationshipForAdmin(user, chainId, relationshipId);
  const chain = await getChainForAdmin(user, chainId);
  const orgs = await organisationOptions(user);
  const name = (id: number) => orgs.find((o) => o.id === id)?.name ?? "";
  return {
    chain: { id: chain.id, name: chain.name },
    title: `${name(r.providerId)} → ${name(r.customerId)}`,
    partiesLocked: r.partiesLocked,
    organisations: orgs,
    defaults: {
      providerId: String(r.providerId),
      customerId: String(r.customerId),
      serviceName: r.serviceName,
      startDate: r.startDate,
      lifecycleStage: r.lifecycleStage,
      diversity: r.diversity,
      criticality: r.criticality,
      referenceCustomer: r.referenceCustomer,
      maturityOverride: r.maturityOverride ?? "",
      maturityOverrideNote: r.maturityOverrideNote ?? "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const { chainId, relationshipId } = idParams(params, "chainId", "relationshipId");
  const submission = parseWithZod(await request.formData(), { schema: relationshipSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateRelationship(user, chainId, relationshipId, submission.value, clientIp(context));
  if (!result.ok) return refusalResponse(submission, result);
  return redirect(`/admin/chains/${chainId}?saved=1`);
}

export default function EditRelationshipPage() {
  const { chain, title, defaults, organisations, partiesLocked } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <AdminPage title={title} intro={chain.name} back={{ to: `/admin/chains/${chain.id}`, label: chain.name }}>
      <Paper withBorder p="lg">
        <RelationshipForm
          mode="edit"
          organisations={organisations}
          defaultValue={defaults}
          partiesLocked={partiesLocked}
          lastResult={lastResult}
          submitLabel={t("admin.save")}
        />
      </Paper>
    </AdminPage>
  );
}
