import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { dictionaryScript } from "~/i18n/i18n.server";
import { LOCALES } from "~/i18n/locale";

const paramsSchema = z.object({ locale: z.enum(LOCALES) });

/**
 * The interface texts of one locale as a script (public: they are the same
 * for everyone). Under its versioned URL it never changes, so the browser
 * keeps it for a year and pages stop carrying the dictionary.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Unknown locale", { status: 404 });
  const script = dictionaryScript(parsed.data.locale);
  const current = new URL(request.url).searchParams.get("v") === script.version;
  return new Response(script.body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
