import type { Page } from "@playwright/test";

/** Collects console errors (a hydration mismatch is one) and uncaught page errors; a test ends by checking there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}
