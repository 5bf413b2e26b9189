import postgres from "postgres";
import { openDatabase } from ".";
import { databaseContract } from "./database.contract";

// A database of its own per run, on the machine's PostgreSQL, dropped afterwards.
const server = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const name = `ie_test_${process.pid}_${Date.now()}`;
const admin = postgres(server, { max: 1, onnotice: () => {} });

databaseContract(
  "PostgreSQL",
  async () => {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return openDatabase({ DATABASE_URL: url.toString(), DATA_DIR: "./data/test" });
  },
  async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  },
);
