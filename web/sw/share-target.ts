/// <reference lib="webworker" />
import { openStore } from "../jobs/store";

/**
 * The manifest's share_target posts the shared photo here; the service worker keeps it in
 * IndexedDB and sends the browser to the editor, which opens it (`/?shared=1`).
 */
export async function receiveShare(request: Request): Promise<Response> {
  try {
    const form = await request.formData();
    const file = ["image", "file", "photo", "media"].map((name) => form.get(name)).find((v): v is File => v instanceof File && v.size > 0);
    if (!file) return Response.redirect("/?shared=none", 303);
    await (await openStore()).put("shared", { name: "incoming", file, fileName: file.name || "shared-image" });
    return Response.redirect("/?shared=1", 303);
  } catch {
    return Response.redirect("/?shared=none", 303);
  }
}
