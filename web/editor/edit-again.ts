// "Edit again" from the gallery (/?edit=<id>): the item's original opens in the editor with its
// steps, under the item's editing session, so saving it again is the item's next version.
import { EDIT_AGAIN_KEY, type GalleryItem } from "../gallery/types";
import { api } from "../jobs/api";
import { type Restored, sourceFrom } from "./restored";

/** The item the gallery page handed over (sessionStorage), else the server's. */
async function findItem(id: string): Promise<GalleryItem | undefined> {
  try {
    const handed: GalleryItem | null = JSON.parse(sessionStorage.getItem(EDIT_AGAIN_KEY) ?? "null");
    sessionStorage.removeItem(EDIT_AGAIN_KEY);
    if (handed?.id === id) return handed;
  } catch {
    // Nothing usable was handed over: ask the server.
  }
  const { data, response } = await api.GET("/api/gallery/{id}", { params: { path: { id } }, cache: "no-store" });
  if (response.status === 404 || response.status === 401) return undefined;
  if (!data) throw new Error(`the server answered ${response.status}`);
  return data;
}

const extension = (mime: string) => ({ "image/jpeg": "jpg", "image/svg+xml": "svg" })[mime] ?? mime.split("/")[1] ?? "img";

/** What the editor restores for the item: its original, its steps, its session; or why it cannot. */
export async function galleryItemToEdit(id: string): Promise<Restored | { notice: string }> {
  try {
    const item = await findItem(id);
    if (!item) return { notice: "That gallery item is not there any more (deleted, or saved by another account). Open a photo to start." };
    // The service worker answers from its copy when offline, as the gallery's page does.
    const original = await fetch(item.original);
    if (!original.ok) throw new Error(`its original could not be read (the server answered ${original.status})`);
    const blob = await original.blob();
    return {
      source: await sourceFrom(blob, item.fileName ?? `photo.${extension(blob.type)}`, item.editSession),
      steps: item.steps.map((s) => ({ converter: s.converter, params: s.params })),
      past: [],
      future: [],
    };
  } catch (error) {
    return { notice: `Could not open the gallery item: ${error instanceof Error ? error.message : String(error)}. Try again from the gallery.` };
  }
}
