-- A chain's steps as one jsonb array of { converter, params }, from the old comma-joined ids
-- and their params (one object, or one object per step for a chain).
ALTER TABLE "gallery_items" ADD COLUMN "steps" jsonb;--> statement-breakpoint
UPDATE "gallery_items" SET "steps" = CASE
  WHEN position(',' in "converter") = 0 THEN jsonb_build_array(jsonb_build_object('converter', "converter", 'params', COALESCE("params", '{}'::jsonb)))
  ELSE (
    SELECT jsonb_agg(jsonb_build_object('converter', c.id, 'params', COALESCE(CASE WHEN jsonb_typeof("params") = 'array' THEN "params" -> (c.n::int - 1) END, '{}'::jsonb)) ORDER BY c.n)
    FROM unnest(string_to_array("converter", ',')) WITH ORDINALITY AS c(id, n)
  )
END;--> statement-breakpoint
ALTER TABLE "gallery_items" ALTER COLUMN "steps" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "gallery_items" DROP COLUMN "params";
