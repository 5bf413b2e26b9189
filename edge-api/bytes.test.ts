import { expect, test } from "vitest";
import { formatBytes } from "./bytes";
import { checkUpload } from "./uploads";

test("formatBytes says sizes as people do", () => {
  expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
  expect(formatBytes(16 * 1024)).toBe("16 KB");
  expect(formatBytes(100_000)).toBe("97.7 KB");
  expect(formatBytes(466_706)).toBe("456 KB");
  expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.5 GB");
  expect(formatBytes(512)).toBe("512 bytes");
  expect(formatBytes(1)).toBe("1 byte");
});

test("an upload over the limit is refused in megabytes, not bytes", () => {
  const limits = { maxBytes: 5 * 1024 * 1024, maxPixels: 40e6 };
  expect(checkUpload(new Uint8Array(6 * 1024 * 1024), limits)).toMatchObject({ status: 413, detail: "The image is 6 MB; the limit is 5 MB." });
  expect(checkUpload(new Uint8Array(5 * 1024 * 1024 + 1), limits)).toMatchObject({ status: 413, detail: "The image is just over the limit of 5 MB." });
});
