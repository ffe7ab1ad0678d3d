import { parseWithZod } from "@conform-to/zod";
import { Paper } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { AdminPage } from "~/components/admin/admin-ui";
import { ChainForm } from "~/components/admin/chain-form";
import { chainSchema } from "~/forms/admin-chains";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { createChain } from "~/models/admin-chains.server";
import { organisationOptions } from "~/models/organisation.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.newChain", { admin: true });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  return { organisations: await organisationOptions(user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: chainSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createChain(user, submission.value, clientIp(context));
  if (!result.ok) return refusalResponse(submission, result);
  return redirect(`/admin/chains/${result.id}?saved=1`);
}

export default function NewChainPage() {
  const { organisations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.chains.new")} back={{ to: "/admin/chains", label: t("admin.chains.title") }}>
      <Paper withBorder p="lg">
        <ChainForm organisations={organisations} lastResult={lastResult} submitLabel={t("admin.chains.create")} />
      </Paper>
    </AdminPage>
  );
}
