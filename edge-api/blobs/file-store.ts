import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { assertKey, type BlobStore } from "./types";

/**
 * Blobs as files under one folder: DATA_DIR/blobs by default, or a volume that several
 * replicas mount. The content type is not kept: the gallery's rows record it.
 */
export class FileBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string) {
    return join(this.root, assertKey(key));
  }

  async put(key: string, data: Uint8Array) {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Written aside and renamed: readers and a crash mid-write never see half a file.
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, data);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string) {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async delete(keys: string[]) {
    await Promise.all(keys.map((key) => rm(this.path(key), { force: true })));
  }

  async *list(prefix: string) {
    const base = join(this.root, prefix);
    const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.endsWith(".tmp") || entry.name.startsWith(".ping-")) continue;
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path).catch(() => undefined);
      if (info) yield { key: relative(this.root, path).split(sep).join("/"), modifiedAt: info.mtimeMs };
    }
  }

  async ping() {
    try {
      await mkdir(this.root, { recursive: true });
      const probe = join(this.root, `.ping-${randomBytes(6).toString("hex")}`);
      await writeFile(probe, "");
      await rm(probe);
      return true;
    } catch {
      return false;
    }
  }

  async close() {}
}
