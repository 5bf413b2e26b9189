import { rmSync } from "node:fs";
import { openDatabase } from ".";
import { databaseContract } from "./database.contract";

const dir = `./data/test/pglite-${process.pid}`;
databaseContract("PGlite", async () => openDatabase({ DATA_DIR: dir }), async () => rmSync(dir, { recursive: true, force: true }));
