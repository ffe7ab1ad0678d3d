import { AppShell, Badge, Burger, Button } from "@mantine/core";
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
import { unreadCount } from "~/models/notifications.server";

/** The signed-in shell. Each child route checks access itself; this loader only feeds the header. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    // The bell's figure: one indexed count on every page.
    unreadNotifications: await unreadCount(user),
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
  { to: "/rounds", label: "nav.rounds" },
  { to: "/metrics", label: "nav.metrics" },
  { to: "/sharing", label: "nav.sharing" },
  { to: "/admin", label: "nav.administration", adminOnly: true },
  { to: "/account", label: "nav.account" },
];

export default function AppLayout() {
  const { user, unreadNotifications } = useLoaderData<typeof loader>();
  return (
    <SignedInShell user={user} unread={unreadNotifications}>
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
  const data = useRouteLoaderData<typeof loader>("routes/_app+/_layout");
  if (!data) throw error;
  return (
    <SignedInShell user={data.user} unread={data.unreadNotifications}>
      <PageError error={error} />
    </SignedInShell>
  );
}

type ShellUser = SerializeFrom<typeof loader>["user"];

function SignedInShell({ user, unread, children }: { user: ShellUser; unread: number; children: ReactNode }) {
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
        {/* The shell is on every page: plain markup and CSS classes (app/styles/app.css) cost far less to render than components. */}
        <div className="shell-header">
          <div className="shell-row">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} aria-expanded={opened} aria-controls="app-navbar" />
            <h2 className="shell-title">
              <Link to="/">{t("app.name")}</Link>
            </h2>
          </div>
          <div className="shell-row">
            <NotificationBell unread={unread} />
            {/* On a phone these move into the menu (below), where they fit. */}
            <div className="shell-row shell-account-actions">
              <LanguageSwitch />
              <LogoutButton />
            </div>
          </div>
        </div>
      </AppShell.Header>
      <AppShell.Navbar p="sm" className="no-print" aria-label="Main" id="app-navbar">
        <div className="shell-nav">
          {NAV.filter((item) => !item.adminOnly || user.isPlatformAdmin || user.memberships.some((m) => m.role === "org_admin")).map((item) => {
            const active = item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to);
            return (
              <Link key={item.to} to={item.to} className="shell-nav-link" aria-current={active ? "page" : undefined}>
                {t(item.label)}
              </Link>
            );
          })}
        </div>
        <div className="shell-signed-in">
          <p>{t("nav.signedInAs", { name: user.name })}</p>
          {primary ? (
            <p className="shell-organisation">
              {primary.organisationName} · {t(labelKey("role", primary.role))}
            </p>
          ) : null}
          {user.isPlatformAdmin ? (
            <Badge size="xs" variant="light" w="fit-content">
              {t("home.platformAdmin")}
            </Badge>
          ) : null}
        </div>
        {/* Rendered only while the phone menu is open, so a desktop page has one of each. */}
        {opened ? (
          <div className="shell-row shell-menu-actions" data-testid="menu-account-actions">
            <LanguageSwitch />
            <LogoutButton />
          </div>
        ) : null}
      </AppShell.Navbar>
      <AppShell.Main id="main">{children}</AppShell.Main>
    </AppShell>
  );
}

/** The bell: a link to the notifications, named with the unread count for screen readers, on every screen size. */
function NotificationBell({ unread }: { unread: number }) {
  const { t, number } = useI18n();
  const location = useLocation();
  return (
    <Link
      to="/notifications"
      aria-label={t("notifications.bell", { count: unread })}
      aria-current={location.pathname === "/notifications" ? "page" : undefined}
      data-testid="notification-bell"
      style={{
        display: "inline-flex",
        alignItems: "center",
        gap: 4,
        padding: "4px 8px",
        borderRadius: 4,
        color: "var(--mantine-color-teal-9)",
        textDecoration: "none",
        fontWeight: 600,
      }}
    >
      <svg
        aria-hidden="true"
        width="20"
        height="20"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden="true"
          style={{ background: "var(--mantine-color-red-8)", color: "#fff", borderRadius: 10, padding: "0 6px", fontSize: 13, lineHeight: "20px" }}
        >
          {number(unread)}
        </span>
      ) : null}
    </Link>
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
