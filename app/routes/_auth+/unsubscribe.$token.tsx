import { Alert, Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/auth.server";
import { SignedOutCard } from "~/components/signed-out-card";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { unsubscribeFromDigest, unsubscribeTokenUser } from "~/models/notifications.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "title.unsubscribe"), { name: "referrer", content: "same-origin" }];

// The URL holds the person's signed token: keep it out of caches and of Referer headers to other sites.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

/**
 * Public (the digest's link works signed out): the signed token names the
 * person. Opening the link changes nothing (a mail scanner may follow it);
 * the confirming POST turns every digest kind to portal only.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const user = await unsubscribeTokenUser(params.token ?? "");
  if (!user) throw new Response("Not found", { status: 404 });
  return data({ valid: true }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const user = await unsubscribeTokenUser(params.token ?? "");
  if (!user) throw new Response("Not found", { status: 404 });
  await unsubscribeFromDigest(user.id, clientIp(context));
  return data({ done: true }, { headers: { "Cache-Control": "no-store" } });
}

export default function UnsubscribePage() {
  useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <SignedOutCard size={480}>
      <Stack>
        <Title order={1} size="h3">
          {t("notifications.unsubscribe.title")}
        </Title>
        {actionData?.done ? (
          <Alert color="teal" role="status">
            {t("notifications.unsubscribe.done")}
          </Alert>
        ) : (
          <Form method="post">
            <Stack>
              <Text size="sm">{t("notifications.unsubscribe.intro")}</Text>
              <Button type="submit">{t("notifications.unsubscribe.confirm")}</Button>
            </Stack>
          </Form>
        )}
        <Anchor component={Link} to="/">
          {t("notifications.unsubscribe.toPortal")}
        </Anchor>
      </Stack>
    </SignedOutCard>
  );
}
