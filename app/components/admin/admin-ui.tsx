/** Small building blocks shared by the administration and account pages. */
import { Alert, Anchor, Button, Code, CopyButton, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/use-i18n";

/** A page heading with an optional link back up the admin section. */
export function AdminPage({
  title,
  intro,
  back,
  actions,
  children,
}: {
  title: string;
  intro?: ReactNode;
  back?: { to: string; label: string };
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        {back ? (
          <Anchor component={Link} to={back.to} size="sm">
            ← {back.label}
          </Anchor>
        ) : null}
        <Group justify="space-between" align="flex-end">
          <Title order={1}>{title}</Title>
          {actions}
        </Group>
        {intro ? <Text c="dimmed">{intro}</Text> : null}
      </Stack>
      {children}
    </Stack>
  );
}

/** A success or error notice announced to screen readers. */
export function Notice({ tone, children }: { tone: "success" | "error"; children: ReactNode }) {
  return (
    <Alert color={tone === "success" ? "teal" : "red"} role={tone === "success" ? "status" : "alert"}>
      {children}
    </Alert>
  );
}

/**
 * A one-time password link, shown to the administrator once. A read-only
 * field (selectable without JavaScript) plus a copy button.
 */
export function OneTimeLink({ url, expiresAt, personName }: { url: string; expiresAt: string; personName: string }) {
  const { t, dateTime } = useI18n();
  return (
    <Alert color="yellow" title={t("admin.link.title", { name: personName })} role="status" data-testid="one-time-link">
      <Stack gap="xs">
        <Text size="sm">{t("admin.link.once")}</Text>
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label={t("admin.link.label")}
            value={url}
            readOnly
            style={{ flex: 1 }}
            styles={{ input: { fontFamily: "monospace" } }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy} type="button">
                {copied ? t("admin.link.copied") : t("admin.link.copy")}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm">{t("admin.link.expires", { time: dateTime(expiresAt) })}</Text>
      </Stack>
    </Alert>
  );
}

/**
 * Audit JSON as text, one `key: value` line per top-level field so a change
 * reads at a glance; anything else is shown as stored. Always rendered by
 * React as text (escaped), never as HTML.
 */
export function JsonText({ value }: { value: string | null }) {
  if (!value) return <Text c="dimmed">–</Text>;
  let text = value;
  try {
    const parsed: unknown = JSON.parse(value);
    text =
      parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
        ? Object.entries(parsed as Record<string, unknown>)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
            .join("\n")
        : JSON.stringify(parsed);
  } catch {
    // Not JSON: show it as stored.
  }
  return (
    <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontSize: 12, padding: "4px 6px" }}>
      {text}
    </Code>
  );
}
