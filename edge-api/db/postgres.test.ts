import { openDatabase } from ".";
import { createTestDatabase } from "../test-backends";
import { databaseContract } from "./database.contract";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
databaseContract(
  "PostgreSQL",
  async () => {
    database = await createTestDatabase();
    return openDatabase({ DATABASE_URL: database.url, DATA_DIR: "./data/test" });
  },
  () => database.drop(),
);
