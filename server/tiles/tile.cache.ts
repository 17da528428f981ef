// An in-process LRU of encoded tiles bounded by bytes, not entries: a z10 basemap tile can weigh a
// thousand times an empty one. Keys carry the data revision, so an edit never needs an eviction —
// stale entries just stop being asked for and age out.

export interface CachedTile {
  bytes: Uint8Array;
  etag: string;
}

/** Bookkeeping per entry (key, map slot, etag) so a cache of empty tiles is bounded too. */
const ENTRY_OVERHEAD = 128;

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): CachedTile | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map iteration order is insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedTile): void {
    const size = weight(key, entry);
    if (size > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= weight(key, previous);
    }
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= weight(oldest, old);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}

function weight(key: string, entry: CachedTile): number {
  return entry.bytes.byteLength + key.length + entry.etag.length + ENTRY_OVERHEAD;
}
