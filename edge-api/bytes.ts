const UNITS = ["KB", "MB", "GB", "TB"] as const;

/**
 * A size for people: "5 MB", "97.7 KB", "16 KB", "512 bytes". Multiples of 1024 (so the
 * default upload limit, 5242880 bytes, reads "5 MB"), three significant figures at most.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
  return `${shown} ${UNITS[unit]}`;
}
