import { Stack } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ContrastScope } from "~/components/relationship/contrast";
import { requireUser } from "~/auth.server";
import { DevelopmentActionForm } from "~/components/relationship/action-form";
import { RelationshipTitle } from "~/components/relationship/header";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getActionForm } from "~/models/development-action.server";
import { idParam } from "~/http/route-params.server";
import type { action } from "./_app.relationships.$relationshipId_.actions.new";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.developmentAction");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return getActionForm(user, idParam(params, "relationshipId"), idParam(params, "actionId"));
}

// Saving is the new-action route's action, which reads the `actionId` of this URL.
export { action } from "./_app.relationships.$relationshipId_.actions.new";

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
