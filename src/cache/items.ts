// The item index: every item's parsed metadata (or its problems), kept on disk between runs
// so that a run reads and parses only the files that changed.
//
// An entry is reused when its file's size, mtime, ctime and inode are all as recorded.
// ctime cannot be set back by `touch -d` or by a tool that restores mtimes, so an edit that
// keeps size and mtime is still seen. Left is the "racy" case git knows: a file written
// again within the file system's timestamp resolution of the moment we read it. Entries
// whose file changed within RACY_MS of the time the entry was written are therefore
// verified by a hash of the file's content before they are trusted.
//
// The index is split into SHARDS files by a hash of the path, so one new item rewrites
// one shard, not the whole index.
import path from 'node:path';
import { readItemText, type ItemFile } from '../items/load.js';
import { parseItem, type ItemDefaults } from '../items/parse.js';
import type { Body, Item, Problem } from '../types.js';
import { lazyBody } from './body.js';
import { digest, readCacheFile, writeCacheFile } from './store.js';

export const SHARDS = 16;
/** Timestamp resolution to allow for: 2 s covers FAT and other coarse file systems. */
export const RACY_MS = 2000;

/** What identifies one version of a file without reading it. */
export interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** An item as stored: everything but the body's text. */
export type StoredItem = Omit<Item, 'body'>;

export interface Entry extends Stamp {
  /** Digest of the file's text: the item's identity in document input hashes. */
  hash: string;
  item?: StoredItem;
  /** Present when the item has a body (read again from the file when a document shows it). */
  body?: Body['format'];
  problems?: Problem[];
}

interface Shard {
  entries: Record<string, Entry>;
}

export const sameStamp = (a: Stamp, b: Stamp) =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/** Changed so close to `ref` (a cache file's mtime) that a later same-tick edit could hide behind it. */
export const isRacy = (s: Stamp, ref: number) => Math.max(s.mtimeMs, s.ctimeMs) >= ref - RACY_MS;

function shardOf(file: string): number {
  // FNV-1a: stable across runs and platforms, which Math.random-seeded hashes are not.
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

export interface IndexedItems {
  /** In listing (path) order, as loadItems returns them. Bodies are read lazily. */
  items: Item[];
  problems: Problem[];
  /** file → digest of its text. */
  hashes: Map<string, string>;
  /** How many files were read and parsed in this run (the rest came from the index). */
  parsed: number;
}

export class ItemIndex {
  private shards: Shard[] = [];
  private shardTimes: number[] = [];
  private dirty = new Set<number>();

  constructor(
    private readonly dir: string,
    /** Digest of what parsing depends on beyond the file (the cache version, the item defaults). */
    private readonly key: string,
  ) {}

  private shardFile(n: number): string {
    return path.join(this.dir, `items-${String(n).padStart(2, '0')}.json`);
  }

  private loadShards(): void {
    for (let n = 0; n < SHARDS; n++) {
      const read = readCacheFile<Shard>(this.shardFile(n), 'items', this.key);
      const ok = read && read.data.entries && typeof read.data.entries === 'object';
      this.shards[n] = ok ? read.data : { entries: {} };
      this.shardTimes[n] = ok ? read.mtimeMs : Infinity;
      if (!ok) this.dirty.add(n);
    }
  }

  /**
   * Every listed file's item or problems: from the index when the file is unchanged, else
   * read and parsed now (by `parse`, which may run elsewhere: see items/parallel.ts).
   */
  async index(
    files: readonly ItemFile[],
    defaults: ItemDefaults,
    parse: (files: ItemFile[]) => Promise<Entry[]>,
  ): Promise<IndexedItems> {
    this.loadShards();
    const entries: (Entry | undefined)[] = new Array(files.length);
    const todo: number[] = [];
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const n = shardOf(f.file);
      const e = this.shards[n]!.entries[f.file];
      if (e && sameStamp(e, f) && (!isRacy(e, this.shardTimes[n]!) || (await contentHash(f)) === e.hash)) entries[i] = e;
      else todo.push(i);
    }
    const fresh = todo.length > 0 ? await parse(todo.map((i) => files[i]!)) : [];
    todo.forEach((i, k) => {
      const f = files[i]!;
      const n = shardOf(f.file);
      this.shards[n]!.entries[f.file] = fresh[k]!;
      this.dirty.add(n);
      entries[i] = fresh[k]!;
    });
    // Files gone from the folder leave the index.
    const listed = new Set(files.map((f) => f.file));
    this.shards.forEach((shard, n) => {
      for (const file of Object.keys(shard.entries))
        if (!listed.has(file)) {
          delete shard.entries[file];
          this.dirty.add(n);
        }
    });

    const out: IndexedItems = { items: [], problems: [], hashes: new Map(), parsed: todo.length };
    files.forEach((f, i) => {
      const e = entries[i]!;
      out.hashes.set(f.file, e.hash);
      if (e.problems) out.problems.push(...e.problems);
      if (e.item) {
        // The stored object itself (no copy of 100,000 items); save() leaves the body out again.
        const item = e.item as Item;
        if (e.body) item.body = lazyBody(e.body, f.abs, f.file, defaults);
        out.items.push(item);
      }
    });
    return out;
  }

  /** Write the shards that changed. A failure to write the cache never fails the build. */
  save(): void {
    for (const n of this.dirty) {
      try {
        writeCacheFile(this.shardFile(n), 'items', this.key, withoutBodies(this.shards[n]!));
      } catch {
        // The next run parses what it cannot find.
      }
    }
    this.dirty.clear();
  }
}

/**
 * The items in the index carry their lazy bodies during a run; the index stores only the
 * format (entry.body). A copy without them, not a JSON replacer: JSON.stringify would call
 * each body's toJSON, reading every file, before a replacer could drop it.
 */
function withoutBodies(shard: Shard): Shard {
  const entries: Record<string, Entry> = {};
  for (const [file, e] of Object.entries(shard.entries)) {
    if (e.item && 'body' in e.item) {
      const { body: _lazy, ...item } = e.item as Item;
      entries[file] = { ...e, item };
    } else entries[file] = e;
  }
  return { entries };
}

async function contentHash(f: ItemFile): Promise<string | undefined> {
  const read = await readItemText(f);
  return 'text' in read ? digest(read.text) : undefined;
}

/** Read and parse one file into an index entry (the item's body is not kept). */
export async function readEntry(f: ItemFile, defaults: ItemDefaults): Promise<Entry> {
  const stamp: Stamp = { size: f.size, mtimeMs: f.mtimeMs, ctimeMs: f.ctimeMs, ino: f.ino };
  const read = await readItemText(f);
  if ('problem' in read) return { ...stamp, hash: '', problems: [read.problem] };
  return entryOf(stamp, read.text, f.file, defaults);
}

/** Parse one file's text into an index entry. Pure: also what a parser thread runs. */
export function entryOf(stamp: Stamp, text: string, file: string, defaults: ItemDefaults): Entry {
  const hash = digest(text);
  const parsed = parseItem(text, file, defaults);
  if (!parsed.ok) return { ...stamp, hash, problems: parsed.problems };
  const { body, ...item } = parsed.item;
  return body ? { ...stamp, hash, item, body: body.format } : { ...stamp, hash, item };
}
