import { Button, Group } from "@mantine/core";
import { Form, useLocation } from "@remix-run/react";
import { LOCALES } from "~/i18n/locale";
import { useI18n } from "~/i18n/use-i18n";

/** A plain POST form, so switching works without JavaScript too. */
export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const location = useLocation();
  return (
    // reloadDocument: the page comes back whole in the new language, with its dictionary script.
    <Form method="post" action="/locale" aria-label={t("nav.language")} reloadDocument>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <Group gap={4}>
        {LOCALES.map((l) => (
          <Button
            key={l}
            type="submit"
            name="locale"
            value={l}
            size="compact-sm"
            variant={l === locale ? "filled" : "subtle"}
            aria-pressed={l === locale}
            lang={l}
          >
            {l === "fi" ? t("lang.fi") : t("lang.en")}
          </Button>
        ))}
      </Group>
    </Form>
  );
}
