import { Button, Text } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-ui";
import { ChainsTable } from "~/components/chains-table";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { requirePlatformAdmin } from "~/models/admin-access.server";
import { listChainsForAdmin } from "~/models/admin-chains.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.chains", { admin: true });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  return { chains: await listChainsForAdmin(user) };
}

export default function AdminChainsPage() {
  const { chains } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <AdminPage
      title={t("admin.chains.title")}
      intro={t("admin.chains.intro")}
      back={{ to: "/admin", label: t("admin.title") }}
      actions={
        <Button component={Link} to="/admin/chains/new">
          {t("admin.chains.new")}
        </Button>
      }
    >
      {chains.length === 0 ? (
        <Text>{t("admin.chains.empty")}</Text>
      ) : (
        <ChainsTable chains={chains} hrefOf={(c) => `/admin/chains/${c.id}`} nameHeader={t("admin.chains.name")} />
      )}
    </AdminPage>
  );
}
