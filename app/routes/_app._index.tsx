import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { listVisibleChains } from "~/models/chain.server";

export const meta: MetaFunction = () => [{ title: "Service chain portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    memberships: user.memberships.map((m) => ({ organisationName: m.organisationName, role: m.role })),
    chains: listVisibleChains(user).map((c) => ({ id: c.id, name: c.name, focalName: c.focalName, relationshipCount: c.relationshipCount })),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("home.title", { name: data.name })}</Title>
        <Text c="dimmed">{t("app.tagline")}</Text>
      </div>
      {data.memberships.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t("home.organisations")}
          </Title>
          <Group gap="xs">
            {data.memberships.map((m) => (
              <Badge key={m.organisationName} variant="light" size="lg" tt="none">
                {m.organisationName} · {t(`role.${m.role}` as MessageKey)}
              </Badge>
            ))}
          </Group>
        </Stack>
      ) : null}
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t("nav.chains")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("home.chainsIntro")}
        </Text>
        {data.chains.length === 0 ? (
          <Text>{t("chains.empty")}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {data.chains.map((c) => (
              <Card key={c.id} withBorder>
                <Anchor component={Link} to={`/chains/${c.id}`} fw={600}>
                  {c.name}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {t("chains.focal")}: {c.focalName} · {t("chains.relationshipCount", { count: c.relationshipCount })}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Stack>
  );
}
