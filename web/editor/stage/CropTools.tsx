"use client";

/** Crop's aspect presets: width over height in the image's pixels; "Original" is the image's own. */
export const ASPECTS = { Free: undefined, Original: "original", "1:1": 1, "4:3": 4 / 3, "3:2": 3 / 2, "16:9": 16 / 9 } as const;
export type AspectName = keyof typeof ASPECTS;

export function aspectRatio(name: AspectName, imageAspect: number): number | undefined {
  const preset = ASPECTS[name];
  return preset === "original" ? imageAspect : preset;
}

/** Beside Crop's settings: the aspect preset, and whether the handles are on the photo. */
export function CropTools({ aspect, onAspect, cropping, onCropping }: { aspect: AspectName; onAspect: (name: AspectName) => void; cropping: boolean; onCropping: (on: boolean) => void }) {
  return (
    <div className="crop-tools">
      <label>
        Aspect
        <select value={aspect} onChange={(e) => onAspect(e.target.value as AspectName)}>
          {Object.keys(ASPECTS).map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <button type="button" aria-pressed={cropping} onClick={() => onCropping(!cropping)}>
        {cropping ? "Done cropping" : "Crop on the photo"}
      </button>
    </div>
  );
}
