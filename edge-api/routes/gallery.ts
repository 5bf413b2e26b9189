import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Store } from "hono-rate-limiter";
import { addressKey, clientKey } from "../client";
import { rateLimit } from "../rate-limit";
import type { Context } from "hono";
import { imageSize } from "image-size";
import { EXTENSION, formatOfMime, INPUT_MIME, sniffFormat } from "../../converters/engine/formats";
import { decodedBytes, formatMegabytes, type SourceShape } from "../../converters/engine/plan-memory";
import { THUMBNAIL_SIZE } from "../../converters/engine/thumbnail";
import { type AuthVariables, requireUser } from "../auth/middleware";
import { formatBytes } from "../bytes";
import type { Env } from "../env";
import { BLOB_KINDS, type Gallery, GalleryFull, type GalleryRow, StorageFull } from "../gallery/service";
import { JobFailure } from "../worker/runner";
import { problem, storeFailure, refuseWith } from "../problem";
import { downloadStem, keptFileName } from "../gallery/file-name";
import { EditSession, GalleryItem, GalleryPage, problemResponse } from "../../contract/schemas";
import { stepsOfForm } from "../steps";
import { checkUpload } from "../uploads";
import { HEADERS } from "../../contract/headers";

/** A thumb from the page: 320 px of WebP at quality 75 is 10–40 KB, even of noise. */
const THUMB_MAX_BYTES = 128 * 1024;
const ItemId = z.string().max(64).openapi({ param: { name: "id", in: "path" } });
const unauthorized = problemResponse("Not logged in");
const notFound = problemResponse("No such item (or another user's)");
const unavailable = problemResponse("Database or blob store unavailable");
const list = createRoute({
  method: "get",
  path: "/",
  summary: "The logged-in user's gallery, newest first",
  request: { query: z.object({ cursor: z.string().optional(), limit: z.string().optional().openapi({ example: "24" }) }) },
  responses: { 200: { description: "A page of items", content: { "application/json": { schema: GalleryPage } } }, 400: problemResponse("Bad cursor or limit"), 401: unauthorized, 503: unavailable },
});
const SaveForm = z.object({
  original: z.any().openapi({ type: "string", format: "binary" }),
  result: z.any().openapi({ type: "string", format: "binary" }),
  thumb: z
    .any()
    .optional()
    .openapi({ type: "string", format: "binary", description: `Optional: the grid's picture of the result, a WebP of at most ${THUMBNAIL_SIZE}×${THUMBNAIL_SIZE} px and ${THUMB_MAX_BYTES / 1024} KiB, made where the result was made (the editor sends it). Without it the server makes one` }),
  steps: z.string().optional().openapi({ description: "What made the result: a JSON array of { converter, params }, in order", example: '[{"converter":"grayscale","params":{}}]' }),
  converter: z.string().optional().openapi({ description: "Instead of steps: a converter id, or a chain of ids joined by commas", example: "grayscale" }),
  params: z.string().optional().openapi({ description: "With converter: a JSON object (an array of them for a chain)", example: "{}" }),
  editSession: EditSession.optional(),
});
const save = createRoute({
  method: "post",
  path: "/",
  summary: "Save a conversion done on the device: a new item, or with an editSession the user has saved before, that item's newest version",
  request: { body: { required: true, content: { "multipart/form-data": { schema: SaveForm } } } },
  responses: {
    201: { description: "Saved as a new item (the original's multipart filename is kept as its fileName)", content: { "application/json": { schema: GalleryItem } } },
    200: { description: "Saved as the newest version of the item this editSession already has", content: { "application/json": { schema: GalleryItem } } },
    400: problemResponse("Missing field, unknown converter, invalid params or editSession"),
    401: unauthorized,
    413: problemResponse("Over the upload limit"),
    429: problemResponse("More than GALLERY_SAVES_PER_MINUTE saves a minute from this user, or twice that from this address; Retry-After"),
    507: problemResponse("The user's gallery is full (GALLERY_QUOTA_BYTES or GALLERY_QUOTA_ITEMS: delete some items), or the server's storage is (STORAGE_QUOTA_BYTES, all users together)"),
    415: problemResponse("Not an image type we decode, or a body that is not multipart/form-data"),
    422: problemResponse("Undecodable image, more pixels than the limit, or more memory to decode than MAX_JOB_BYTES"),
    503: problemResponse("Database or blob store unavailable, or too many thumbnails being made at once; Retry-After"),
  },
});
const ItemParams = z.object({ id: ItemId });
const read = createRoute({ method: "get", path: "/{id}", summary: "One item", request: { params: ItemParams }, responses: { 200: { description: "The item", content: { "application/json": { schema: GalleryItem } } }, 401: unauthorized, 404: notFound } });
const readImage = createRoute({
  method: "get",
  path: "/{id}/{kind}",
  summary: "An item's original, result or thumbnail: its latest version's (each version's are immutable)",
  request: {
    params: z.object({ id: ItemId, kind: z.enum(BLOB_KINDS) }),
    query: z.object({ v: z.string().optional().openapi({ description: "The version, as the item's paths carry it after the first: it keeps caches of versions apart; the latest version is served" }) }),
  },
  responses: { 200: { description: "The image", content: { "image/*": { schema: z.string().openapi({ format: "binary" }) } } }, 304: { description: "Not modified" }, 401: unauthorized, 404: notFound },
});
const remove = createRoute({ method: "delete", path: "/{id}", summary: "Delete an item and its images", request: { params: ItemParams }, responses: { 204: { description: "Deleted" }, 401: unauthorized, 404: notFound } });
// An id or kind the schema refuses names no item: 404, as an unknown one.
const noSuchItem = refuseWith("Not found", "No such gallery item.", 404);
/** A save's form the schema refuses: a bad editSession says so; anything else is a missing or repeated field. */
const badSave = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }, c: Context) => {
  if (result.success) return;
  const issue = result.error?.issues[0];
  if (issue?.path[0] === "editSession") return problem(c, 400, "Invalid editSession", issue.message);
  return problem(c, 400, "Missing field", "Send multipart fields original and result (files), and steps (or converter and params), each once.");
};

/** A thumb sent with the save: a small WebP, checked from its header; a string says what is wrong. */
async function givenThumb(field: unknown): Promise<{ data: Uint8Array; mime: string } | string | undefined> {
  if (field === undefined) return undefined;
  const wrong = `thumb must be a WebP of at most ${THUMBNAIL_SIZE}×${THUMBNAIL_SIZE} px and ${THUMB_MAX_BYTES / 1024} KiB.`;
  if (!(field instanceof File) || field.size > THUMB_MAX_BYTES) return wrong;
  const data = new Uint8Array(await field.arrayBuffer());
  if (sniffFormat(data) !== "webp") return wrong;
  try {
    const { width = 0, height = 0 } = imageSize(data);
    return width >= 1 && height >= 1 && width <= THUMBNAIL_SIZE && height <= THUMBNAIL_SIZE ? { data, mime: "image/webp" } : wrong;
  } catch {
    return wrong;
  }
}

/**
 * Why the server will not decode a result for its thumbnail (the memory it would take), if it
 * will not. Half a job's budget: the api process that makes these is the smaller role.
 */
function planThumbnail(env: Env, result: SourceShape): string | undefined {
  const bytes = decodedBytes(result);
  const limit = env.MAX_JOB_BYTES / 2;
  if (bytes <= limit) return undefined;
  return `decoding it would take about ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(limit)}. Send a thumb with it, or save a smaller result.`;
}

export function toApiItem(row: GalleryRow) {
  const base = `/api/gallery/${row.id}`;
  // A new version's images are new URLs: the service worker keeps images by URL, for good.
  const v = row.version > 1 ? `?v=${row.version}` : "";
  return {
    id: row.id,
    converter: row.converter,
    steps: row.steps,
    // The older shape, for clients written before steps: one object, or one per step.
    params: row.steps.length === 1 ? row.steps[0]!.params : row.steps.map((s) => s.params),
    createdAt: row.createdAt.toISOString(),
    width: row.width,
    height: row.height,
    original: `${base}/original${v}`,
    result: `${base}/result${v}`,
    thumb: `${base}/thumb${v}`,
    fileName: row.fileName,
    editSession: row.editSession,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function galleryRoutes({ env, gallery, rateLimitStore }: { env: Env; gallery: Gallery; rateLimitStore?: Store }) {
  const app = new OpenAPIHono<{ Variables: AuthVariables }>();
  app.use("*", requireUser());
  app.use("*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "private, no-store");
  });
  // A store that is down is the user's problem only as far as "try again": 503, never a 500.
  const guarded = async <T,>(c: Context, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof JobFailure) {
        return problem(c, error.problem.status as 422, error.problem.title, error.problem.detail, error.problem.status === 503 ? { [HEADERS.retryAfter]: "2" } : {});
      }
      if (error instanceof GalleryFull) return problem(c, 507, "Gallery full", error.message);
      if (error instanceof StorageFull) return problem(c, 507, "Storage full", error.message);
      console.warn(`gallery: ${storeFailure(error)}`);
      return problem(c, 503, "Gallery unavailable", "The gallery cannot be reached right now; try again shortly.", { [HEADERS.retryAfter]: "10" });
    }
  };

  app.openapi(list, (c) =>
    guarded(c, async () => {
      const query = c.req.valid("query");
      const limit = Number(query.limit ?? 24);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return problem(c, 400, "Invalid limit", "limit is an integer from 1 to 100.");
      const page = await gallery.list(c.get("userId")!, { cursor: query.cursor || undefined, limit }).catch((error: unknown) => {
        if (error instanceof RangeError) return undefined;
        throw error;
      });
      if (!page) return problem(c, 400, "Invalid cursor", "Use the nextCursor of a previous page.");
      c.header("Cache-Control", "private, no-store");
      return c.json({ items: page.items.map(toApiItem), nextCursor: page.nextCursor }, 200);
    }),
  );

  const saveLimits = [
    rateLimit({ limit: env.GALLERY_SAVES_PER_MINUTE, store: rateLimitStore, what: "gallery saves", key: clientKey }),
    // And per address, or fresh accounts would each bring a fresh allowance; twice the user's,
    // for a household or an office behind one NAT.
    rateLimit({ limit: 2 * env.GALLERY_SAVES_PER_MINUTE, store: rateLimitStore, what: "gallery saves from one address", key: addressKey }),
    bodyLimit({ maxSize: 2 * env.MAX_UPLOAD_BYTES + 64 * 1024, onError: (c) => problem(c, 413, "Payload too large", `Each image is limited to ${formatBytes(env.MAX_UPLOAD_BYTES)}.`) }),
  ];
  app.openapi(
    { ...save, middleware: saveLimits },
    (c) =>
      guarded(c, async () => {
        const body = c.req.valid("form");
        const original: unknown = body.original;
        const result: unknown = body.result;
        if (!(original instanceof File) || !(result instanceof File) || (typeof body.steps !== "string" && typeof body.converter !== "string")) {
          return problem(c, 400, "Missing field", "Send multipart fields original and result (files), and steps (or converter and params).");
        }
        const steps = stepsOfForm(body);
        if (typeof steps === "string") return problem(c, 400, "Invalid converter or params", steps);
        // An item records what made it; a photo merely re-encoded is not an edit to keep.
        if (steps.length === 0) return problem(c, 400, "Invalid converter or params", "steps must name at least one converter.");
        const limits = { maxBytes: env.MAX_UPLOAD_BYTES, maxPixels: env.MAX_PIXELS };
        const files = { original: new Uint8Array(await original.arrayBuffer()), result: new Uint8Array(await result.arrayBuffer()) };
        const originalCheck = checkUpload(files.original, limits);
        if (!originalCheck.ok) return problem(c, originalCheck.status, originalCheck.title, `original: ${originalCheck.detail}`);
        // Results have their own, larger limit (MAX_OUTPUT_PIXELS): an upscale may exceed any upload.
        const resultCheck = checkUpload(files.result, { ...limits, maxPixels: Math.max(env.MAX_PIXELS, env.MAX_OUTPUT_PIXELS) });
        if (!resultCheck.ok) return problem(c, resultCheck.status, resultCheck.title, `result: ${resultCheck.detail}`);
        const thumb = await givenThumb(body.thumb);
        if (typeof thumb === "string") return problem(c, 400, "Invalid thumb", thumb);
        // Made here only without one: planned like a job (its memory), and run under a deadline.
        const refusal = thumb ? undefined : planThumbnail(env, resultCheck);
        if (refusal) return problem(c, 422, "Too large", `result: ${refusal}`);
        const row = await gallery.save({
          userId: c.get("userId")!,
          steps,
          original: { data: files.original, mime: INPUT_MIME[originalCheck.format] },
          result: { data: files.result, mime: INPUT_MIME[resultCheck.format], width: resultCheck.width, height: resultCheck.height },
          ...(thumb && { thumb }),
          editSession: body.editSession,
          fileName: keptFileName(original.name),
        });
        c.header("Location", `/api/gallery/${row.id}`);
        return c.json(toApiItem(row), row.version > 1 ? 200 : 201);
      }),
    badSave,
  );

  app.openapi(
    read,
    (c) =>
      guarded(c, async () => {
        const row = await gallery.find(c.get("userId")!, c.req.valid("param").id);
        if (!row) return problem(c, 404, "Not found", "No such gallery item.");
        return c.json(toApiItem(row), 200);
      }),
    noSuchItem,
  );

  app.openapi(
    readImage,
    (c) =>
    guarded(c, async () => {
      const { id, kind } = c.req.valid("param");
      const row = await gallery.find(c.get("userId")!, id);
      if (!row) return problem(c, 404, "Not found", "No such gallery item.");
      // A version's images never change (a new version writes new ones), so the id, kind and version are a strong validator.
      const etag = row.version > 1 ? `"${row.id}-${kind}-${row.version}"` : `"${row.id}-${kind}"`;
      const headers: Record<string, string> = {
        ETag: etag,
        // Per-user data is never kept by a browser's or a proxy's cache (the service worker keeps
        // recent items itself, offline only); the ETag still answers a client's revalidation.
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
      };
      if (c.req.header("if-none-match")?.split(/\s*,\s*/).includes(etag)) return c.body(null, 304, headers);
      const blob = await gallery.read(row, kind);
      if (!blob) return problem(c, 404, "Not found", "This item's image is missing from the store.");
      const format = formatOfMime(blob.mime);
      const stem = downloadStem(row.fileName) || `${row.converter.split(",").join("-")}-${row.id.slice(0, 8)}`;
      const name = `${stem}-${kind}.${format ? EXTENSION[format] : blob.mime.split("/")[1]}`;
      return c.body(blob.data as Uint8Array<ArrayBuffer>, 200, { ...headers, "Content-Type": blob.mime, "Content-Disposition": `inline; filename="${name}"` });
    }),
    noSuchItem,
  );

  app.openapi(
    remove,
    (c) =>
      guarded(c, async () => {
        if (!(await gallery.remove(c.get("userId")!, c.req.valid("param").id))) return problem(c, 404, "Not found", "No such gallery item.");
        return c.body(null, 204);
      }),
    noSuchItem,
  );
  return app;
}
