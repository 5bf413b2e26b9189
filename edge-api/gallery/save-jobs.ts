import { unpackJobFiles } from "../../converters/engine/job-files";
import { imageSize } from "image-size";
import { INPUT_MIME, sniffFormat } from "../../converters/engine/formats";
import { type CompletionExtra, type JobRecord, jobSteps, savesToGallery } from "../jobs/types";
import { storeFailure } from "../problem";
import { type Converted, JobFailure } from "../worker/runner";
import { keptFileName } from "./file-name";
import { GalleryFull, itemIdForJob, OwnerGone, StorageFull, type Gallery } from "./service";

// Waits of 0.5, 1, 2, 4 and 8 s: ~15 s in all, long enough for a database to restart (the
// outage drill kills PostgreSQL for 5 s), while the job keeps its lease by heartbeat.
const ATTEMPTS = 6;

/**
 * The worker's save of a logged-in user's finished job, so a closed browser loses nothing. A
 * database or blob store outage is retried briefly; if it lasts, the user still gets the
 * result (without X-Gallery-Id) and the failure is logged.
 */
export function saveJobsToGallery(gallery: Gallery, log: Pick<Console, "warn"> = console) {
  return async (job: JobRecord, stored: Uint8Array, out: Converted): Promise<CompletionExtra> => {
    // An export alone (no steps) is not an edit: the gallery keeps what was made, as its route does.
    // A client that saves on the user's word (gallery=skip) saves it itself, if at all.
    if (!savesToGallery(job)) return {};
    const { width = 0, height = 0 } = imageSize(out.data);
    // The original is the image; a style photo sent with it is not kept.
    const input = unpackJobFiles(stored).image;
    const item = {
      id: itemIdForJob(job.id),
      userId: job.ownerId!,
      // Jobs of one editing session are versions of one item, as the page's saves are.
      editSession: job.editSession,
      fileName: keptFileName(job.fileName),
      steps: jobSteps(job),
      original: { data: input, mime: INPUT_MIME[sniffFormat(input) ?? "png"] },
      result: { data: out.data, mime: out.mime, width, height },
      // Made by the thread that made the result; absent only for a converter of a test's own.
      ...(out.thumb && { thumb: out.thumb }),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return { galleryId: (await gallery.save(item)).id };
      } catch (error) {
        if (error instanceof GalleryFull || error instanceof StorageFull) {
          // Not worth a retry: the user gets the result, unsaved (no X-Gallery-Id).
          log.warn(`gallery: job ${job.id} finished but was not saved: ${error instanceof StorageFull ? "the server's storage" : "the owner's gallery"} is full`);
          return {};
        }
        if (error instanceof OwnerGone) {
          // The account was deleted while the job ran: dropped at once, not retried while the job holds its slot.
          log.warn(`gallery: job ${job.id} finished but was not saved: its owner's account is gone`);
          return {};
        }
        if (error instanceof JobFailure && error.problem.status < 500) {
          // The result itself is refused (its thumbnail cannot be made): no retry can succeed.
          log.warn(`gallery: job ${job.id} finished but was not saved: ${error.problem.detail}`);
          return {};
        }
        if (attempt >= ATTEMPTS) {
          log.warn(`gallery: job ${job.id} finished but was not saved: ${storeFailure(error)}`);
          return {};
        }
        await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
      }
    }
  };
}
