import { Button, Stack, Text, Title } from "@mantine/core";
import { isRouteErrorResponse } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";

/** What an error page says: the status, a sentence for it, and a way back home. Never the error's own text or stack. */
export function PageError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = status === 404 ? t("error.notFound") : status === 403 ? t("error.forbidden") : t("error.title");
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <Stack data-testid="page-error">
      <Title order={1}>{status}</Title>
      <Text>{message}</Text>
      <Button component="a" href="/" variant="light" w="fit-content">
        {t("error.back")}
      </Button>
    </Stack>
  );
}
