import { Container, Group, Paper, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { LanguageSwitch } from "~/components/language-switch";
import { useI18n } from "~/i18n/use-i18n";

/** The signed-out pages' frame (sign-in, password reset): the portal's name, the language switch and a card. */
export function SignedOutCard({ size, children }: { size: number; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Container size={size} py={60}>
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
