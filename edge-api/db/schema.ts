// The one drizzle schema, for PGlite (embedded) and PostgreSQL (production) alike. Migrations
// are generated from it by drizzle-kit into ./drizzle and committed.
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Lower-cased on the way in, so one address is one account. */
  email: text("email").notNull().unique(),
  /** scrypt, with its parameters and salt: `scrypt$N$r$p$salt$hash`. Never the password. */
  passwordHash: text("password_hash").notNull(),
  /**
   * Raised by "sign out everywhere": a device cookie names the generation it was issued in, and
   * one from an older generation no longer counts as a browser the owner has used (throttle.ts).
   */
  sessionGeneration: integer("session_generation").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const galleryItems = pgTable(
  "gallery_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The chain's converter ids joined by commas: a label for lists and file names. */
    converter: text("converter").notNull(),
    /** What made the result, in order: one { converter, params } per step. */
    steps: jsonb("steps").$type<{ converter: string; params: Record<string, unknown> }[]>().notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** Blob store keys. */
    originalKey: text("original_key").notNull(),
    resultKey: text("result_key").notNull(),
    thumbKey: text("thumb_key").notNull(),
    originalMime: text("original_mime").notNull(),
    resultMime: text("result_mime").notNull(),
    /** The three images' bytes together: what the item counts against GALLERY_QUOTA_BYTES. */
    bytes: integer("bytes").notNull().default(0),
    /** Set by the app in milliseconds, so the pagination cursor (which carries it) is exact. */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The editing session the item comes from (the editor's opened photo, or a script's own
     * name): saves with the same one are versions of this item, not new items. An item saved
     * without one has its own id here (migration 0006 gave older items theirs).
     */
    editSession: text("edit_session").notNull(),
    /** The original's file name as the user had it, when it came with one. */
    fileName: text("file_name"),
    /** 1 for the first save; each save of the same editing session replaces the result, steps and thumbnail, and adds one. */
    version: integer("version").notNull().default(1),
    /** When the latest version was saved. */
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Newest first per user, with the id as a tie-break: the cursor pagination's order.
    index("gallery_items_user_created").on(t.userId, t.createdAt.desc(), t.id.desc()),
    // One item per editing session: a save finds its item by this, under the user's lock.
    uniqueIndex("gallery_items_user_session").on(t.userId, t.editSession),
  ],
);

/**
 * All users' gallery bytes together, in one row kept by triggers on gallery_items (migration
 * 0005: inserts, deletes, cascades from a deleted account alike), so a save checks
 * STORAGE_QUOTA_BYTES by reading one row instead of summing every item under a global lock.
 */
export const storageUsage = pgTable(
  "storage_usage",
  {
    id: integer("id").primaryKey(),
    bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("storage_usage_one_row", sql`${t.id} = 1`)],
);

/** Failed logins, per account and per IP, for throttling; old rows are pruned as they age out. */
export const loginFailures = pgTable(
  "login_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    /** Whom the failure counts against: `ip:<address>`, or `device:<id>` for a browser whose device cookie names the account. */
    ip: text("ip").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_failures_email_at").on(t.email, t.at), index("login_failures_ip_at").on(t.ip, t.at)],
);

/**
 * Live sessions: a session token names its row (the JWT's jti), so logging out, changing the
 * password or deleting the account ends it at once, not when the token expires.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);
