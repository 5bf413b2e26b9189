// What the editor opens again (after a reload, a share, "Edit again"): the photo and the steps
// around it. Apart from useEditorSession so that edit-again.ts can make one without a cycle.
import type { ExportChoice } from "./export/choice";
import type { EditorStep } from "./pipeline-state";
import type { SourceImage, Where } from "./useConversion";

export interface Restored {
  source: SourceImage;
  steps?: EditorStep[];
  past?: EditorStep[][];
  future?: EditorStep[][];
  approved?: string;
  /** The export settings that were saved; what is missing keeps its default. */
  choice?: Partial<ExportChoice>;
  where?: Where;
  /** Why nothing was opened, when a share brought nothing usable. */
  notice?: string;
}

/** A photo as the editor holds it, from a blob: its bytes and an object URL for the page. */
export const sourceFrom = async (blob: Blob, name: string, id: string = crypto.randomUUID()): Promise<SourceImage> => ({
  id,
  name,
  bytes: await blob.arrayBuffer(),
  url: URL.createObjectURL(blob),
});

