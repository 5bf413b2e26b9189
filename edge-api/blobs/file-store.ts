import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { assertKey, type BlobStore } from "./types";

/** Each retry of a put follows a delete that removed its folder: a handful is plenty. */
const PUT_ATTEMPTS = 8;

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
    // Written aside and renamed: readers and a crash mid-write never see half a file.
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(temporary, data);
        await rename(temporary, path);
        return;
      } catch (error) {
        await rm(temporary, { force: true });
        // A delete that emptied the folder removed it between the mkdir and the write (prune):
        // make it again. Once the temporary file is in it, no delete can remove it.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= PUT_ATTEMPTS) throw error;
      }
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
    await Promise.all(
      keys.map(async (key) => {
        const path = this.path(key);
        await rm(path, { force: true });
        await this.prune(dirname(path));
      }),
    );
  }

  /**
   * Removes the folders a delete has emptied (an item's, then its user's…), up to the root and
   * never the root, so deleted items and accounts leave nothing behind. rmdir removes only an
   * empty folder: one that still holds a blob, or a save's temporary file, stops it.
   */
  private async prune(folder: string) {
    for (let dir = folder; dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch (error) {
        // ENOENT: a concurrent delete removed it first; the folder above may be empty now.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") return;
      }
    }
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
