import { defineConfig } from "drizzle-kit";

// PostgreSQL migrations, generated offline from the tables derived in db/schema-pg.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
  strict: true,
  verbose: true,
});
