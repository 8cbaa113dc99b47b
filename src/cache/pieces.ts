// The layout of each feed document the last run wrote: where each item's bytes are in the
// file, and what they were made of. A document whose inputs changed (one new story on a month
// page of 400) is then assembled from the file on disk, re-rendering only the items that
// changed: an item's bytes in a document depend only on the item's file, the document's shape
// (fixed by the config, which keys this store) and which of the document's withheld photos are
// the item's own (DocLayout keys).
//
//   DIR/<job>/pieces-<period>.json   one per archive period, and `pieces-current.json` for
//                                    the subscription documents: a new story touches one or two.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { DocLayout } from '../render/index.js';
import { readCacheFile, writeCacheFile } from './store.js';

interface Stored extends DocLayout {
  /** The file as written: its layout is trusted only while the file is still that one. */
  size: number;
  mtimeMs: number;
}

type Shard = Record<string, Stored>;

const SHARD_NAME = /^(?:\d{4}(?:-\d{2})?|current)$/;

export class PieceStore {
  private readonly shards = new Map<string, Shard>();
  /** This run's layouts, by shard: recorded with their files' stamps at save(). */
  private readonly fresh = new Map<string, Map<string, DocLayout>>();

  constructor(
    private readonly dir: string,
    private readonly key: string,
    private readonly outDir: string,
    /** An output file's size and mtime (null: not there), as the run knows it (RunMemory.stamp: stat'ed once, or from the survey of out/). */
    private readonly stamp: (rel: string) => { size: number; mtimeMs: number } | null,
  ) {}

  private file = (shard: string) => path.join(this.dir, `pieces-${shard}.json`);

  private shard(name: string): Shard {
    let s = this.shards.get(name);
    if (!s) {
      const data = SHARD_NAME.test(name) ? readCacheFile<Shard>(this.file(name), 'pieces', this.key)?.data : undefined;
      s = data && typeof data === 'object' ? data : {};
      this.shards.set(name, s);
    }
    return s;
  }

  /** The last run's layout of a document and the file's bytes, while the file is as that run left it. */
  previous(shard: string, rel: string): { layout: DocLayout; bytes: Buffer } | undefined {
    const rec = this.layout(shard, rel);
    try {
      const bytes = rec && readFileExact(path.join(this.outDir, rel), rec.size);
      return bytes && { layout: rec, bytes };
    } catch {
      return undefined;
    }
  }

  /** The last run's layout of a document, while its file is as that run left it (a stat, no read). */
  layout(shard: string, rel: string): Stored | undefined {
    const rec = this.shard(shard)[rel];
    if (!isStored(rec)) return undefined;
    const st = this.stamp(rel);
    return st !== null && st.size === rec.size && st.mtimeMs === rec.mtimeMs ? rec : undefined;
  }

  record(shard: string, rel: string, layout: DocLayout): void {
    let m = this.fresh.get(shard);
    if (!m) this.fresh.set(shard, (m = new Map()));
    m.set(rel, layout);
  }

  /** After a successful publish (the files it wrote forgotten by the stamps): every shard with a new layout, keeping only documents still written (`keep`). */
  save(keep: ReadonlySet<string>): void {
    for (const [name, layouts] of this.fresh) {
      const old = this.shard(name);
      const next: Shard = {};
      for (const [rel, rec] of Object.entries(old)) if (keep.has(rel) && !layouts.has(rel)) next[rel] = rec;
      for (const [rel, layout] of layouts) {
        const st = this.stamp(rel);
        // Not on disk: nothing to reuse next time.
        if (st) next[rel] = { ...layout, size: st.size, mtimeMs: st.mtimeMs };
      }
      try {
        writeCacheFile(this.file(name), 'pieces', this.key, next);
      } catch {
        // A cache that cannot be written costs the next run time, never correctness.
      }
    }
  }
}

/** The file's bytes, when it holds exactly `size` of them. */
function readFileExact(abs: string, size: number): Buffer | undefined {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(size + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > size) return undefined;
    }
    return got === size ? buf.subarray(0, size) : undefined;
  } finally {
    closeSync(fd);
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isStored(r: Stored | undefined): r is Stored {
  return (
    !!r &&
    typeof r === 'object' &&
    isNum(r.size) &&
    isNum(r.mtimeMs) &&
    isNum(r.head) &&
    Array.isArray(r.keys) &&
    Array.isArray(r.lens) &&
    r.keys.length === r.lens.length &&
    r.keys.every((k) => typeof k === 'string') &&
    r.lens.every(isNum) &&
    (r.notes === undefined || (Array.isArray(r.notes) && r.notes.length === r.keys.length && r.notes.every((n) => typeof n === 'string')))
  );
}
