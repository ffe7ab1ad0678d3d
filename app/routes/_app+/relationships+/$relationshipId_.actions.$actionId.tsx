import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { DevelopmentActionPage } from "~/components/relationship/action-form";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getActionForm } from "~/models/development-action.server";
import { idParam } from "~/http/route-params.server";
import type { action } from "./$relationshipId_.actions.new";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.developmentAction");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return getActionForm(user, idParam(params, "relationshipId"), idParam(params, "actionId"));
}

// Saving is the new-action route's action, which reads the `actionId` of this URL.
export { action } from "./$relationshipId_.actions.new";

export default function EditActionPage() {
  const form = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return <DevelopmentActionPage data={form} lastResult={lastResult} title={t("action.titleEdit")} />;
}
