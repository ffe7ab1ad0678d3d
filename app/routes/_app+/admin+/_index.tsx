import { Anchor, Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin/admin-ui";
import type { MessageKey } from "~/i18n/messages";
import { pageTitle } from "~/i18n/page-title";
import { useI18n } from "~/i18n/use-i18n";
import { administeredOrganisationIds, requireOrganisationAdminOrPlatformAdmin } from "~/models/admin-access.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, null, { admin: true });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganisationAdminOrPlatformAdmin(request);
  const own = new Set(administeredOrganisationIds(user));
  return {
    isPlatformAdmin: user.isPlatformAdmin,
    administers: user.memberships.filter((m) => own.has(m.organisationId)).map((m) => m.organisationName),
  };
}

const SECTIONS: Array<{ to: string; title: MessageKey; text: MessageKey; platformOnly: boolean }> = [
  { to: "/admin/people", title: "admin.people.title", text: "admin.index.people", platformOnly: false },
  { to: "/admin/organisations", title: "admin.org.title", text: "admin.index.organisations", platformOnly: true },
  { to: "/admin/chains", title: "admin.chains.title", text: "admin.index.chains", platformOnly: true },
  { to: "/admin/model", title: "model.title", text: "admin.index.model", platformOnly: true },
  { to: "/admin/audit", title: "admin.audit.title", text: "admin.index.audit", platformOnly: false },
  { to: "/admin/outbox", title: "outbox.title", text: "admin.index.outbox", platformOnly: true },
];

export default function AdminIndex() {
  const { isPlatformAdmin, administers } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <AdminPage
      title={t("admin.title")}
      intro={isPlatformAdmin ? t("admin.index.platformIntro") : t("admin.index.orgIntro", { organisations: administers.join(", ") })}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {SECTIONS.filter((s) => isPlatformAdmin || !s.platformOnly).map((s) => (
          <Card key={s.to} withBorder>
            <Stack gap={4}>
              <Title order={2} size="h4">
                <Anchor component={Link} to={s.to}>
                  {t(s.title)}
                </Anchor>
              </Title>
              <Text size="sm" c="dimmed">
                {t(s.text)}
              </Text>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </AdminPage>
  );
}
