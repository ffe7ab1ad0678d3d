import { parseWithZod } from "@conform-to/zod";
import { labelKey } from "~/i18n/labels";
import { Text } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { requireRelationshipWriter } from "~/models/access.server";
import { DevelopmentActionPage } from "~/components/relationship/action-form";
import { developmentActionSchema } from "~/forms/development-action";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { z } from "zod";
import { FACTORS } from "~/domain/factors";
import { getActionForm, saveDevelopmentAction } from "~/models/development-action.server";
import { idParam } from "~/http/route-params.server";
import { refusalResponse } from "~/http/refusal";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.newDevelopmentAction");

/** ?factor=trust (from "plan an action for this factor") prefills the factor; anything else is ignored. */
const prefillSchema = z.object({ factor: z.enum(FACTORS).optional().catch(undefined) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await getActionForm(user, idParam(params, "relationshipId"), null);
  const prefill = prefillSchema.parse({ factor: new URL(request.url).searchParams.get("factor") ?? undefined });
  return { ...form, prefill };
}

/** Creates an action; the edit route (with an `actionId` in its URL) saves through this same action. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const relationshipId = idParam(params, "relationshipId");
  const actionId = "actionId" in params ? idParam(params, "actionId") : null;
  await requireRelationshipWriter(user, relationshipId);
  const submission = parseWithZod(await request.formData(), { schema: developmentActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await saveDevelopmentAction(user, relationshipId, actionId, submission.value);
  if (!outcome.ok) return refusalResponse(submission, outcome);
  return redirect(`/relationships/${relationshipId}#actions-heading`);
}

export default function NewActionPage() {
  const form = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <DevelopmentActionPage data={form} lastResult={lastResult} title={t("action.titleNew")}>
      {form.prefill.factor ? (
        <Text size="sm" data-testid="prefilled">
          {t("action.prefilled", { factor: t(labelKey("factor", form.prefill.factor)) })}
        </Text>
      ) : null}
    </DevelopmentActionPage>
  );
}
