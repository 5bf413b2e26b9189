// The HTTP contract's shapes: the zod schemas that validate requests, type the handlers and write
// the OpenAPI document (edge-api/routes declare each operation with them). Clients use the types
// generated from that document (api.generated.ts), not these.
import { z } from "@hono/zod-openapi";
import { ENCODER_SCHEMAS, METADATA_MODES } from "../converters/engine/encoder-options";
import { OUTPUT_FORMATS } from "../converters/engine/formats";

export const Problem = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string() })
  .openapi("Problem");

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

export const JobId = z
  .string()
  // Malformed ids are simply unknown (404), so the schema only bounds the length.
  .max(64)
  .openapi({ param: { name: "id", in: "path" }, example: "q0hJv6sWmQ2f8u3nYb1xZA" });

export const JobAccepted = z
  .object({
    id: z.string(),
    status: z.literal("queued"),
    converter: z.string().openapi({ description: "The chain's converter ids joined by commas" }),
    steps: z.array(z.object({ converter: z.string(), params: z.record(z.string(), z.unknown()) })).openapi({ description: "The steps the job runs, params with defaults filled in" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    estimatedSeconds: z.number().int().openapi({ description: "Estimated run time on the reference worker (2 cores), from the image header and params" }),
    queuePosition: z.number().int().min(0).optional().openapi({ description: "Jobs that will be taken before this one (0: next). Workers take jobs round-robin across clients" }),
  })
  .openapi("JobAccepted");

export const JobProgress = z
  .object({
    id: z.string(),
    status: z.enum(["queued", "running"]),
    progress: z.number().min(0).max(1),
    etaSeconds: z.number().optional().openapi({ description: "Seconds left, from the measured rate of progress; absent until it can be measured" }),
    queuePosition: z.number().int().min(0).optional().openapi({ description: "While queued: jobs that will be taken before this one (0: next)" }),
  })
  .openapi("JobProgress");

/** The client's name for one editing session (the editor sends its opened photo's id): saves with the same one are versions of one gallery item. */
export const EditSession = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,100}$/, "editSession is 1–100 letters, digits and . _ : -")
  .openapi({
    description: "Names the editing session (one opened photo) a save comes from: the user's saves with the same editSession are versions of one gallery item (its result, steps and thumbnail replaced, its version counted up), not new items. The editor sends its photo's id; without it, each save is an item of its own",
    example: "3f2b8c1e-7d4a-4b9e-9a51-0c6d2e8f1a47",
  });

export const ConversionForm = z.object({
  image: z.any().openapi({ type: "string", format: "binary", description: "The image file" }),
  style: z.any().optional().openapi({
    type: "string",
    format: "binary",
    description:
      'Style transfer\'s style photo (since 1.13.0): read by the style-transfer steps whose params name style "upload", which is their default when this file is sent. Checked as the image is (type, pixels); the image and the style together are limited to MAX_UPLOAD_BYTES. Refused (400) when no step reads it',
  }),
  steps: z
    .string()
    .optional()
    .openapi({
      description: "The chain to run, in order, as one job (one decode, one encode): a JSON array of { converter, params }. Heavy steps (runsOn server) and pixel steps mix freely. An empty array re-encodes only (format, quality, metadata, encoder, targetBytes).",
      example: '[{"converter":"upscale","params":{"scale":2}},{"converter":"sharpen","params":{}}]',
    }),
  converter: z.string().optional().openapi({ description: "Instead of steps: one converter id", example: "grayscale" }),
  params: z.string().optional().openapi({ description: "With converter: its params, a JSON object string", example: "{}" }),
  format: z.enum(OUTPUT_FORMATS).optional(),
  quality: z.string().optional().openapi({ description: "1–100, for lossy formats (and palette PNG). Ignored with targetBytes", example: "80" }),
  metadata: z.enum(METADATA_MODES).optional().openapi({
    description:
      "What metadata the result keeps. safe (the default): the colour profile (ICC), camera, capture date and exposure; location (GPS), serial numbers, maker notes, XMP, IPTC and the EXIF thumbnail are dropped. none: nothing (pixels converted to sRGB first). all: everything. Orientation is always applied to the pixels and written as 1.",
  }),
  encoder: z
    .string()
    .optional()
    .openapi({
      description: "The saver's options for the output format, a JSON object; unknown keys are refused. The schema depends on format: see the EncoderOptions schema (components)",
      example: '{"progressive":true,"subsampling":"4:4:4"}',
    }),
  targetBytes: z.string().optional().openapi({
    description: `Find the highest quality whose output is at most this many bytes (≥ 1024). Needs a lossy encoding (palette for PNG). The result's Export-Quality header says the quality chosen; Export-Target-Met: false means even quality 1 was over, and the result is the smallest there is`,
    example: "200000",
  }),
  gallery: z.enum(["save", "skip"]).optional().openapi({
    description: "Signed in: save (the default, as before 1.9.0) has the worker save the finished result to the user's gallery (X-Gallery-Id on the result); skip leaves it out, for a client that saves on the user's word (POST /api/gallery). Ignored for anonymous jobs",
  }),
  editSession: EditSession.optional(),
});

/** Documents the per-format `encoder` objects; requests are validated against the format's own. */
export const EncoderOptions = z
  .union([ENCODER_SCHEMAS.jpeg, ENCODER_SCHEMAS.webp, ENCODER_SCHEMAS.avif, ENCODER_SCHEMAS.png])
  .openapi("EncoderOptions", { description: "One of: JPEG, WebP, AVIF or PNG options, by the request's format" });

export const Converter = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    runsOn: z.enum(["client", "server"]),
    onDevice: z.boolean().optional().openapi({ description: "A server converter that can also run in the browser (offline)" }),
    deviceMaxSide: z.number().int().optional().openapi({ description: "A server converter that runs in the browser at a smaller size: the long side, in pixels, it is capped at there" }),
    params: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of the params object" }),
    defaults: z.record(z.string(), z.unknown()),
  })
  .openapi("Converter");

export const Limits = z
  .object({
    maxUploadBytes: z.number().int().openapi({ description: "The largest image file POST /api/conversions takes (413 past it); the multipart framing may add up to 64 KiB" }),
    maxPixels: z.number().int().openapi({ description: "The most pixels an input may have, all frames together, read from its header (422 past it)" }),
    maxOutputPixels: z.number().int().openapi({ description: "The most pixels a job's result may have, planned before it is queued (422 past it)" }),
    maxJobSeconds: z.number().openapi({ description: "The longest a job may be estimated to run on the reference worker (422 past it, with what to lower)" }),
    maxJobBytes: z.number().int().openapi({ description: "The most image memory a job may hold at its peak (422 past it)" }),
  })
  .openapi("Limits");

export const GalleryItem = z
  .object({
    id: z.string(),
    converter: z.string().openapi({ description: "The chain's converter ids joined by commas: a label" }),
    steps: z.array(z.object({ converter: z.string(), params: z.record(z.string(), z.unknown()) })).openapi({ description: "What made the result, in order" }),
    params: z.unknown().openapi({ description: "Deprecated (use steps): one step's params, or one object per step for a chain" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    width: z.number().int(),
    height: z.number().int(),
    original: z.string().openapi({ example: "/api/gallery/{id}/original", description: "The images' paths; after the first version they carry ?v=<version>, so a cached copy of an older one is never taken for the latest" }),
    result: z.string(),
    thumb: z.string(),
    fileName: z.string().nullable().openapi({ description: "The original's file name as it was uploaded (null when it came without one)", example: "IMG_2041.jpg" }),
    editSession: z.string().openapi({ description: "The editing session the item holds (see POST /api/gallery); an item saved without one has its own id here" }),
    version: z.number().int().min(1).openapi({ description: "How many times this editing session was saved; the item holds the latest" }),
    updatedAt: z.string().openapi({ format: "date-time", description: "When the latest version was saved (createdAt: the first)" }),
  })
  .openapi("GalleryItem");

export const GalleryPage = z.object({ items: z.array(GalleryItem), nextCursor: z.string().nullable() }).openapi("GalleryPage");

