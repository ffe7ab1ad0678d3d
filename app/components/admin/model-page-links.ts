import type { LinksFunction } from "@remix-run/node";
import modelStyles from "~/components/admin/model-editor.css";
import plainTableStyles from "~/components/plain-table.css";
import relationshipStyles from "~/components/relationship/relationship.css";

/** The stylesheets of the model pages (editor and preview): the shared table base first, so the pages' own rules follow it. */
export const modelPageLinks: LinksFunction = () => [
  { rel: "stylesheet", href: plainTableStyles },
  { rel: "stylesheet", href: relationshipStyles },
  { rel: "stylesheet", href: modelStyles },
];
