import { parseWithZod } from "@conform-to/zod";
import { Anchor, Paper, Stack, Text, Title } from "@mantine/core";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { clientIp, requireUser } from "~/auth.server";
import { Notice } from "~/components/admin/admin-ui";
import { ConformForm, FormError, FormFooter, RadioGroupField, useSchemaForm, useSubmitting } from "~/components/forms";
import { DELIVERY_MODES, NOTIFICATION_KINDS } from "~/domain/notification-kinds";
import { notificationPreferencesSchema } from "~/forms/notifications";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { getPreferences, savePreferences, type NotificationPreferences } from "~/models/notifications.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.notificationSettings");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { preferences: await getPreferences(user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: notificationPreferencesSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const preferences = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, submission.value[kind]])) as NotificationPreferences;
  await savePreferences(user, preferences, clientIp(context));
  return redirect("/settings/notifications?saved=1");
}

export default function NotificationSettingsPage() {
  const { preferences } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saving = useSubmitting();
  const { t } = useI18n();
  const [form, fields] = useSchemaForm(notificationPreferencesSchema, { lastResult: actionData?.result, defaultValue: preferences });
  const options = DELIVERY_MODES.map((mode) => ({ value: mode, label: t(`notifications.delivery.${mode}`) }));

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("notifications.settings.title")}</Title>
        <Text>{t("notifications.settings.intro")}</Text>
      </div>
      {params.get("saved") && !actionData ? <Notice tone="success">{t("notifications.settings.saved")}</Notice> : null}
      <Paper withBorder p="lg">
        <ConformForm form={form}>
          <input type="hidden" name="intent" value="preferences" />
          <Stack gap="md">
            <FormError form={form} />
            {NOTIFICATION_KINDS.map((kind) => (
              <RadioGroupField key={kind} field={fields[kind]} label={t(`notifications.kind.${kind}`)} options={options} inline />
            ))}
            <FormFooter submitLabel={t("notifications.settings.save")} pending={saving} />
          </Stack>
        </ConformForm>
      </Paper>
      <Anchor component={Link} to="/notifications">
        {t("notifications.settings.back")}
      </Anchor>
    </Stack>
  );
}
