CREATE TABLE "storage_usage" (
	"id" integer PRIMARY KEY NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "storage_usage_one_row" CHECK ("storage_usage"."id" = 1)
);
--> statement-breakpoint
-- Written by hand after the generated table: the one row starts at what the gallery holds, and
-- statement triggers keep it in step with every insert, delete (a deleted account's cascade too)
-- and update of gallery_items, in the same transaction. The lock holds off the saves of replicas
-- still on the old version from the sum until the triggers are in place (migrations commit as one).
LOCK TABLE "gallery_items" IN SHARE ROW EXCLUSIVE MODE;--> statement-breakpoint
INSERT INTO "storage_usage" ("id", "bytes") SELECT 1, COALESCE(SUM("bytes"), 0) FROM "gallery_items";--> statement-breakpoint
CREATE FUNCTION "gallery_items_storage_usage"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "storage_usage" SET "bytes" = "bytes" + (SELECT COALESCE(SUM("bytes"), 0) FROM new_rows) WHERE "id" = 1;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "storage_usage" SET "bytes" = "bytes" - (SELECT COALESCE(SUM("bytes"), 0) FROM old_rows) WHERE "id" = 1;
  ELSE
    UPDATE "storage_usage" SET "bytes" = "bytes" + (SELECT COALESCE(SUM("bytes"), 0) FROM new_rows) - (SELECT COALESCE(SUM("bytes"), 0) FROM old_rows) WHERE "id" = 1;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "gallery_items_storage_insert" AFTER INSERT ON "gallery_items" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "gallery_items_storage_usage"();--> statement-breakpoint
CREATE TRIGGER "gallery_items_storage_delete" AFTER DELETE ON "gallery_items" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "gallery_items_storage_usage"();--> statement-breakpoint
CREATE TRIGGER "gallery_items_storage_update" AFTER UPDATE ON "gallery_items" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "gallery_items_storage_usage"();
