import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordId } from "~/domain/record-id";
import { requireUser } from "~/auth.server";
import { boundsLabel, unitLabel } from "~/components/metrics/format";
import { exportFile, exportFormatOf, fileResponse } from "~/http/export.server";
import { serverTranslator } from "~/i18n/i18n.server";
import { forbidden } from "~/models/access.server";
import { importTemplateGrid, importingOrganisations } from "~/models/measurement-import.server";

const querySchema = z.object({ organisation: recordId() });

/**
 * The import template of an organisation the user imports for (403
 * otherwise): its relationships with both parties' business IDs and its
 * metric keys, as CSV or .xlsx, through the export module.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const search = new URL(request.url).searchParams;
  const format = exportFormatOf(search.get("format"));
  const query = querySchema.safeParse({ organisation: search.get("organisation") });
  if (!query.success || !importingOrganisations(user).some((o) => o.id === query.data.organisation)) forbidden("You cannot import for this organisation");
  const { t, locale } = await serverTranslator(request, user.locale);
  const grid = await importTemplateGrid(user, query.data.organisation, {
    locale,
    unitLabel: (unit) => unitLabel(t, unit),
    boundsLabel: (bounds) => boundsLabel(t, locale, bounds, "") ?? t("metrics.bounds.none"),
  });
  const file = await exportFile([grid], format, { locale, creator: t("app.name"), filename: `import-template-${query.data.organisation}` });
  return fileResponse(file);
}
