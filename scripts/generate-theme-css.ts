/** npx tsx scripts/generate-theme-css.ts: writes app/styles/mantine-variables.css from the theme. */
import fs from "node:fs";
import { mantineVariablesCss } from "../app/theme-css";

fs.writeFileSync("app/styles/mantine-variables.css", mantineVariablesCss());
console.log("wrote app/styles/mantine-variables.css");
