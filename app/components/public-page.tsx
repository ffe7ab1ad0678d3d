import { Container, Group, Paper, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { LanguageSwitch } from "~/components/language-switch";
import { useI18n } from "~/i18n/use-i18n";

/** The frame of a page shown before signing in (login, password reset): the portal's name, the language switch, one card. */
export function PublicPage({ width, children }: { width: number; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Container size={width} py={60}>
      <Group justify="space-between" mb="lg">
        <Title order={2} c="teal.9">
          {t("app.name")}
        </Title>
        <LanguageSwitch />
      </Group>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
