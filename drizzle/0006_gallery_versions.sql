-- Gallery items become versions of one editing session, and "sign out everywhere" gets a
-- generation to raise. Edited by hand after the generated statements: an older item is its own
-- editing session (its id), and its latest version is the one it was created with.
ALTER TABLE "gallery_items" ADD COLUMN "edit_session" text;--> statement-breakpoint
UPDATE "gallery_items" SET "edit_session" = "id"::text;--> statement-breakpoint
ALTER TABLE "gallery_items" ALTER COLUMN "edit_session" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "gallery_items" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "gallery_items" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "gallery_items" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "gallery_items" SET "updated_at" = "created_at";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "gallery_items_user_session" ON "gallery_items" USING btree ("user_id","edit_session");
