/** Ids by key (an address, an account): the jobs each has queued or running. */
export class KeyedSets {
  private readonly sets = new Map<string, Set<string>>();

  size(key: string) {
    return this.sets.get(key)?.size ?? 0;
  }

  add(key: string, id: string) {
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    set.add(id);
  }

  delete(key: string, id: string) {
    const set = this.sets.get(key);
    set?.delete(id);
    if (set?.size === 0) this.sets.delete(key);
  }
}
