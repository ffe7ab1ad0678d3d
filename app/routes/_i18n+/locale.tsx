import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getOptionalUser, safeRedirectPath } from "~/auth.server";
import { localeCookie } from "~/i18n/i18n.server";
import { LOCALES } from "~/i18n/locale";
import { setUserLocale } from "~/models/user.server";

const localeSchema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

/** Remembers the language in a cookie and, for a signed-in user, in their profile. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = localeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown locale", { status: 400 });
  const user = await getOptionalUser(request);
  if (user) await setUserLocale(user.id, parsed.data.locale);
  return redirect(safeRedirectPath(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}

export async function loader() {
  throw redirect("/");
}
