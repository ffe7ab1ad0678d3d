import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title } from "@mantine/core";
import { labelKey } from "~/i18n/labels";
import { useDisclosure } from "@mantine/hooks";
import { useEffect, type ReactNode } from "react";
import type { LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { LanguageSwitch } from "~/components/language-switch";
import { PageError } from "~/components/page-error";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";

/** The signed-in shell. Each child route checks access itself; this loader only feeds the header. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    user: {
      name: user.name,
      isPlatformAdmin: user.isPlatformAdmin,
      memberships: user.memberships.map((m) => ({ organisationName: m.organisationName, role: m.role })),
    },
  };
}

const NAV: Array<{ to: string; label: MessageKey; exact?: boolean; adminOnly?: boolean }> = [
  { to: "/", label: "nav.home", exact: true },
  { to: "/chains", label: "nav.chains" },
  { to: "/compare", label: "nav.compare" },
  { to: "/metrics", label: "nav.metrics" },
  { to: "/sharing", label: "nav.sharing" },
  { to: "/admin", label: "nav.administration", adminOnly: true },
  { to: "/account", label: "nav.account" },
];

export default function AppLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <SignedInShell user={user}>
      <Outlet />
    </SignedInShell>
  );
}

/**
 * A page's error inside the signed-in shell: the navigation stays, so the
 * user can go on elsewhere. Without the layout's data (its own loader
 * failed, e.g. the session ended) the root boundary takes over.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  if (!data) throw error;
  return (
    <SignedInShell user={data.user}>
      <PageError error={error} />
    </SignedInShell>
  );
}

type ShellUser = SerializeFrom<typeof loader>["user"];

function SignedInShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const { t } = useI18n();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const primary = user.memberships[0];
  // On a phone the menu covers the page: close it once a link is followed.
  useEffect(close, [location.pathname, location.search, close]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} aria-expanded={opened} aria-controls="app-navbar" />
            <Title order={2} size="h4" c="teal.9">
              <Link to="/" style={{ color: "inherit", textDecoration: "none" }}>
                {t("app.name")}
              </Link>
            </Title>
          </Group>
          {/* On a phone these move into the menu (below), where they fit. */}
          <Group gap="md" wrap="nowrap" visibleFrom="sm">
            <LanguageSwitch />
            <LogoutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" className="no-print" aria-label="Main" id="app-navbar">
        <Stack gap={4} style={{ flex: 1 }}>
          {NAV.filter((item) => !item.adminOnly || user.isPlatformAdmin || user.memberships.some((m) => m.role === "org_admin")).map((item) => {
            const active = item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to);
            return <NavLink key={item.to} component={Link} to={item.to} label={t(item.label)} active={active} aria-current={active ? "page" : undefined} />;
          })}
        </Stack>
        <Stack gap={2} pt="md" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
          <Text size="xs" c="dimmed">
            {t("nav.signedInAs", { name: user.name })}
          </Text>
          {primary ? (
            <Text size="xs" fw={500}>
              {primary.organisationName} · {t(labelKey("role", primary.role))}
            </Text>
          ) : null}
          {user.isPlatformAdmin ? (
            <Badge size="xs" variant="light" w="fit-content">
              {t("home.platformAdmin")}
            </Badge>
          ) : null}
        </Stack>
        {/* Rendered only while the phone menu is open, so a desktop page has one of each. */}
        {opened ? (
          <Group gap="sm" pt="md" hiddenFrom="sm" justify="space-between" data-testid="menu-account-actions">
            <LanguageSwitch />
            <LogoutButton />
          </Group>
        ) : null}
      </AppShell.Navbar>
      <AppShell.Main id="main">{children}</AppShell.Main>
    </AppShell>
  );
}

function LogoutButton() {
  const { t } = useI18n();
  return (
    <Form method="post" action="/logout">
      <Button type="submit" variant="default" size="compact-sm">
        {t("nav.logout")}
      </Button>
    </Form>
  );
}
