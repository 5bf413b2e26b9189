// The file a step reads besides the photo (a meta's `attachment`: style transfer's style photo):
// a chooser while the step's param says to read one, and a look at the file the step will use,
// the chosen one or the shipped one its param names.
import { useEffect, useMemo } from "react";
import files from "../../converters/ml/web/files.generated.json";
import type { ConverterDescription } from "../../converters/registry";
import type { EditorAttachments } from "./run-anywhere";

const shippedUrl = (name: string | undefined) => (name ? (files.models as Record<string, { url: string }>)[name]?.url : undefined);
let chosen = 0;

export function AttachmentChooser({
  converter,
  values,
  attachments,
  onAttach,
}: {
  converter: ConverterDescription;
  values: Record<string, unknown>;
  attachments: EditorAttachments;
  onAttach: (field: keyof EditorAttachments, file: NonNullable<EditorAttachments[keyof EditorAttachments]>) => void;
}) {
  const reads = converter.attachment;
  const value = reads ? String(values[reads.param] ?? converter.defaults[reads.param]) : undefined;
  const file = reads && attachments[reads.field];
  const reading = reads && value === reads.value;
  const uploadedUrl = useMemo(() => (reading && file ? URL.createObjectURL(new Blob([file.bytes])) : undefined), [reading, file]);
  useEffect(() => () => {
    if (uploadedUrl) URL.revokeObjectURL(uploadedUrl);
  }, [uploadedUrl]);
  if (!reads) return null;
  const url = reading ? uploadedUrl : shippedUrl(reads.shipped?.[value!]);
  return (
    <div className="param attachment">
      {reading && (
        <>
          <label htmlFor={`attach-${reads.field}`}>{reads.title}</label>
          <input
            id={`attach-${reads.field}`}
            type="file"
            accept="image/*"
            onChange={async (e) => {
              const picked = e.target.files?.[0];
              if (picked) onAttach(reads.field, { bytes: await picked.arrayBuffer(), name: picked.name, id: `${++chosen}:${picked.name}:${picked.size}` });
            }}
          />
          {!file && <p className="muted">Choose a {reads.title.toLowerCase()} to run this step.</p>}
        </>
      )}
      {url && <img className="attachment-preview" src={url} alt={`${reads.title}: ${reading ? file!.name : value}`} />}
    </div>
  );
}
