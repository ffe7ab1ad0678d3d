import { parseWithZod } from "@conform-to/zod";
import { Stack } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { requireRelationshipWriter } from "~/models/access.server";
import { DevelopmentActionForm } from "~/components/relationship/action-form";
import { RelationshipTitle } from "~/components/relationship/header";
import { developmentActionSchema } from "~/forms/development-action";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getActionForm, saveDevelopmentAction } from "~/models/development-action.server";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.developmentAction");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return getActionForm(user, idParam(params, "relationshipId"), idParam(params, "actionId"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  requireRelationshipWriter(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: developmentActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = saveDevelopmentAction(user, relationshipId, idParam(params, "actionId"), submission.value);
  if (!outcome.ok) return refusalResponse(submission, outcome);
  return redirect(`/relationships/${relationshipId}#actions-heading`);
}

export default function EditActionPage() {
  const form = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <ContrastScope>
      <Stack gap="lg" maw={820}>
        <RelationshipTitle header={form.header} title={t("action.titleEdit")} />
        <DevelopmentActionForm data={form} lastResult={lastResult} />
      </Stack>
    </ContrastScope>
  );
}
