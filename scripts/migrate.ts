/** Applies the committed drizzle migrations and the data every installation needs. */
import { ensureDefaultImportanceModel } from "../db/bootstrap";
import { migrateDatabase, openDatabase } from "../db/connection";

const file = process.env.DATABASE_PATH ?? "./data/portal.db";
const db = openDatabase(file);
migrateDatabase(db);
ensureDefaultImportanceModel(db);
db.$client.close();
console.log(`Database ready: ${file}`);
