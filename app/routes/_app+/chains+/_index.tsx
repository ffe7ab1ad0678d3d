import { Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { ChainsTable } from "~/components/chains-table";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { listVisibleChains } from "~/models/chain.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.chains");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { chains: await listVisibleChains(user) };
}

export default function ChainsPage() {
  const { chains } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={1}>{t("chains.title")}</Title>
      <Text c="dimmed">{t("chains.intro")}</Text>
      {chains.length === 0 ? (
        <Text>{t("chains.empty")}</Text>
      ) : (
        <ChainsTable chains={chains} hrefOf={(c) => `/chains/${c.id}`} nameHeader={t("chains.name")} withDescriptions />
      )}
    </Stack>
  );
}
