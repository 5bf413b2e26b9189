// The one way the editor writes a file size: decimal units, as file managers show them and as
// the Target size field counts (1 KB = 1000 bytes).

const units = ["B", "KB", "MB", "GB"];

/** 812 B, 9.5 KB, 312 KB, 1.2 MB. */
export function formatBytes(n: number): string {
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  // 999.7 KB rounds to 1000: say 1.0 MB instead.
  if (i > 0 && i < units.length - 1 && Math.round(n) >= 1000) return `1.0 ${units[i + 1]}`;
  return `${i === 0 ? n : n < 10 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

/** "1.2 MB → 312 KB (−74 %)"; a larger result reads "(+12 %)". */
export function sizeChange(before: number, after: number): string {
  const change = before > 0 ? Math.round((after / before - 1) * 100) : 0;
  const sign = change < 0 ? "\u2212" : change > 0 ? "+" : "±";
  return `${formatBytes(before)} → ${formatBytes(after)} (${sign}${Math.abs(change)} %)`;
}
