// What a run remembers for the next one, beside the item index: the inputs it saw and the
// documents it wrote. With them the next run can tell
//   - that nothing at all changed (same files, same config, same code, `now` in the same
//     window of embargoes and expiries, every output file as it was left): it writes nothing;
//   - which documents' inputs changed: only those are rendered again.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ItemFile } from '../items/load.js';
import type { FeedView, Item, Problem } from '../types.js';
import { IndexedItem } from './head.js';
import { isRacy, RACY_MS, type Stamp } from './stamp.js';
import { CACHE_VERSION, digest, readCacheFile, writeCacheFile, writeCacheFileSum } from './store.js';

export interface RunState {
  /** Digest of every listed file's path and stamp, and of the listing's own problems. */
  listing: string;
  /** quickKey() of the run's config text and --limit (cache/quick.ts), when its config came from a file. */
  quick?: string;
  /** Warnings of that run that every run of its config gives (a partner without a secret). */
  notes?: string[];
  /** Files changed within RACY_MS of the state's writing: their content is checked too. */
  racy: { abs: string; hash: string }[];
  /** [from, until): the `now`s for which the catalog is the same as in that run (null: unbounded). */
  window: [number | null, number | null];
  counts: Record<string, number>;
  problems: Problem[];
  /** The output files that run left, each as it left it (size and mtime checked). */
  outputs: string[];
}

/**
 * run.json as stored: the outputs, by far its largest part (a file per story a ninjs partner
 * receives), live in outputs.json, which a run reads only when it needs them (not a quick check
 * that finds the listing changed); `outputs` is that file's digest, which binds the two.
 */
type StoredState = Omit<RunState, 'outputs'> & { outputs: string };

/** outputs.json: per document hash, its files as [path, size, mtimeMs, path, size, mtimeMs, …]. */
type StoredOutputs = Record<string, (string | number)[]>;

/** The code of this wirefeed (a digest of its modules): an upgraded renderer must never be skipped over. */
let codeStampMemo: string | undefined;
export function codeStamp(): string {
  if (codeStampMemo) return codeStampMemo;
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const parts: string[] = [String(CACHE_VERSION)];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.(js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        // By content, not mtime: a rebuild that changes nothing (tsc rewrites every file) keeps the cache.
        parts.push(path.relative(root, abs), readFileSync(abs, 'utf8'));
      }
    }
  };
  walk(root);
  return (codeStampMemo = digest(...parts));
}

/** Digest of a listing: any added, removed, moved or rewritten file changes it. */
export function listingDigest(files: readonly ItemFile[], problems: readonly Problem[]): string {
  // The stamps as their 64 bits, not as text: writing 80,000 fractional numbers out in decimal
  // was most of the time of a run with nothing to do.
  const stamps = new Float64Array(files.length * 4);
  let names = '';
  files.forEach((f, i) => {
    names += `${f.file}\0`;
    stamps[4 * i] = f.size;
    stamps[4 * i + 1] = f.mtimeMs;
    stamps[4 * i + 2] = f.ctimeMs;
    stamps[4 * i + 3] = f.ino;
  });
  return digest(names, Buffer.from(stamps.buffer), JSON.stringify(problems));
}

/**
 * The interval of `now` around `now` in which no item changes state: every item's
 * `published`, embargo and expiry is a point where one might (catalog.ts compares
 * `published > now`, `embargo > now`, `expires <= now`: each flips as `now` reaches it),
 * and so is the end of a kill's tombstone window (`when + tombstoneMs`).
 */
export function stableWindow(items: readonly Item[], now: number, tombstoneMs = 0): [number | null, number | null] {
  let from = -Infinity;
  let until = Infinity;
  const consider = (t: number | undefined) => {
    if (t === undefined) return;
    if (t <= now) from = Math.max(from, t);
    else until = Math.min(until, t);
  };
  for (const i of items) {
    consider(i.published);
    consider(i.syndication.embargo);
    consider(i.syndication.expires);
    if (tombstoneMs > 0) {
      if (i.withdrawn) consider(i.withdrawn.at + tombstoneMs);
      else if (i.syndication.expires !== undefined) consider(i.syndication.expires + tombstoneMs);
    }
  }
  return [from === -Infinity ? null : from, until === Infinity ? null : until];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBound = (v: unknown) => v === null || isNum(v);

/** A run state of the types this version writes: a damaged one (valid envelope, bad values) is ignored. */
function isStoredState(s: StoredState | undefined): s is StoredState {
  if (!s || typeof s !== 'object' || typeof s.listing !== 'string' || typeof s.outputs !== 'string') return false;
  if (!Array.isArray(s.window) || s.window.length !== 2 || !isBound(s.window[0]) || !isBound(s.window[1])) return false;
  if (!Array.isArray(s.racy) || !s.racy.every((r) => r && typeof r.abs === 'string' && typeof r.hash === 'string')) return false;
  if (!s.counts || typeof s.counts !== 'object' || !Object.values(s.counts).every(isNum)) return false;
  return Array.isArray(s.problems) && s.problems.every((p) => p && typeof p.file === 'string' && typeof p.message === 'string');
}

const inWindow = ([from, until]: RunState['window'], now: number) => (from === null || now >= from) && (until === null || now < until);

type Seen = { size: number; mtimeMs: number } | null;

/** An output file's size and mtime (null: not there), stat'ed once per run: `seen` remembers. */
function stampOf(outDir: string, rel: string, seen: Map<string, Seen>): Seen {
  let st = seen.get(rel);
  if (st === undefined) {
    try {
      const s = statSync(path.join(outDir, rel));
      st = { size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      st = null;
    }
    seen.set(rel, st);
  }
  return st;
}

function sameOutput(outDir: string, rel: string, rec: { size: number; mtimeMs: number }, seen: Map<string, Seen>): boolean {
  const st = stampOf(outDir, rel, seen);
  return st !== null && st.size === rec.size && st.mtimeMs === rec.mtimeMs;
}

export class RunMemory {
  constructor(
    private readonly file: string,
    /** Digest of the config, the options that shape the output, and the code. */
    private readonly key: string,
    private readonly outDir: string,
  ) {}

  /** The output files this run stat'ed (under the lock: no one else writes them), so save() need not again. */
  private readonly seen = new Map<string, Seen>();
  private previous?: StoredState;
  private loaded = false;
  private readonly outputsFile = () => path.join(path.dirname(this.file), 'outputs.json');

  /** An output file's size and mtime (null: not there): stat'ed once per run, unless known(). */
  stamp(rel: string): Seen {
    return stampOf(this.outDir, rel, this.seen);
  }

  /** Files this run replaced or removed: their stamps are stat'ed again when next asked for. */
  forget(rels: Iterable<string>): void {
    for (const rel of rels) this.seen.delete(rel);
  }

  /** Output files' stamps already known (a survey of out/ taken under this lock): not stat'ed again. */
  know(survey: { names: readonly string[]; sizes: ArrayLike<number>; mtimes: ArrayLike<number> }): void {
    const { names, sizes, mtimes } = survey;
    for (let i = 0; i < names.length; i++) if (!this.seen.has(names[i]!)) this.seen.set(names[i]!, { size: sizes[i]!, mtimeMs: mtimes[i]! });
  }

  /** The last run's state without its outputs (run.json alone). */
  private lastState(): StoredState | undefined {
    if (!this.loaded) {
      const data = readCacheFile<StoredState>(this.file, 'run', this.key)?.data;
      this.previous = isStoredState(data) ? data : undefined;
      this.loaded = true;
    }
    return this.previous;
  }

  /** The outputs file as stored (by document hash), read on first need; null when it is not this state's. */
  private stored?: StoredOutputs | null;
  private storedOutputs(): StoredOutputs | null {
    if (this.stored === undefined) {
      const s = this.lastState();
      const read = s && readCacheFile<StoredOutputs>(this.outputsFile(), 'outputs', this.key);
      // Another run's outputs file (a run killed between the two writes) is not this state's.
      this.stored = read && read.sum === s!.outputs && read.data && typeof read.data === 'object' ? read.data : null;
    }
    return this.stored;
  }

  /** The last run's problems (run.json alone: its outputs are not needed for them). */
  lastProblems(): readonly Problem[] {
    return this.lastState()?.problems ?? [];
  }

  /**
   * Whether this run may be the last one again: the same listing, `now` in its window. Then
   * only the outputs are left to check (unchanged), which a survey of out/ answers (know).
   */
  mayBeUnchanged(listing: string, now: number): boolean {
    const s = this.lastState();
    return !!s && s.listing === listing && inWindow(s.window, now);
  }

  /** The last run's state, when this run would do exactly what it did. */
  unchanged(listing: string, now: number): RunState | undefined {
    const s = this.lastState();
    if (!s || !this.mayBeUnchanged(listing, now)) return undefined;
    for (const r of s.racy) {
      let text: string;
      try {
        text = readFileSync(r.abs, 'utf8');
      } catch {
        return undefined;
      }
      if (digest(text) !== r.hash) return undefined;
    }
    const stored = this.storedOutputs();
    if (!stored) return undefined;
    const outputs: string[] = [];
    for (const flat of Object.values(stored)) {
      const paths = this.asLeft(flat);
      if (!paths) return undefined;
      // A partner's ninjs index records a file per story: not spread into one call's arguments.
      for (const rel of paths) outputs.push(rel);
    }
    return { ...s, outputs };
  }

  /**
   * A document's recorded files, when every one is on disk as recorded; undefined when any is
   * not, or the record is not of the types this version writes. Read from the flat record as
   * it is (a run asks for every document: no object per file).
   */
  private asLeft(flat: unknown): string[] | undefined {
    if (!Array.isArray(flat) || flat.length % 3 !== 0) return undefined;
    const paths: string[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      const rel: unknown = flat[i];
      const size: unknown = flat[i + 1];
      const mtimeMs: unknown = flat[i + 2];
      if (typeof rel !== 'string' || !isNum(size) || !isNum(mtimeMs)) return undefined;
      if (!sameOutput(this.outDir, rel, { size, mtimeMs }, this.seen)) return undefined;
      paths.push(rel);
    }
    return paths;
  }

  /**
   * The files of a document whose inputs are `docHash`, when a run with the same inputs wrote
   * them and they are on disk exactly as it left them (paths are a function of the document,
   * which its hash covers: they need not be worked out to be checked). Only this document's
   * records are read: a run with one new story asks for every document, and most are current.
   */
  current(docHash: string): string[] | undefined {
    const stored = this.storedOutputs();
    const flat: unknown = stored && Object.hasOwn(stored, docHash) ? stored[docHash] : undefined;
    // A document has files: an empty record is none this run can take.
    return Array.isArray(flat) && flat.length > 0 ? this.asLeft(flat) : undefined;
  }

  /**
   * Record this run. `docs` maps each output path to its document's input hash; `written`: the
   * files this run replaced or removed (stat'ed again; the others are as current() saw them).
   */
  save(
    state: Omit<RunState, 'outputs' | 'racy'>,
    docs: Map<string, string>,
    files: readonly (ItemFile & { hash?: string })[],
    hashes: Map<string, string>,
    written: Iterable<string> = docs.keys(),
  ): void {
    this.forget(written);
    const outputs: StoredOutputs = {};
    const incomplete = new Set<string>();
    for (const [rel, doc] of docs) {
      const st = stampOf(this.outDir, rel, this.seen);
      if (st) (outputs[doc] ??= []).push(rel, st.size, st.mtimeMs);
      else incomplete.add(doc);
    }
    // A document with a file not on disk is not recorded at all, so the next run renders it whole
    // (current() takes a document's recorded files for all of them).
    for (const doc of incomplete) delete outputs[doc];
    try {
      // The outputs first: a run.json is only ever beside the outputs it names (a kill between the two leaves the old run.json, which then names none).
      const { sum } = writeCacheFileSum(this.outputsFile(), 'outputs', this.key, outputs);
      const full: StoredState = { ...state, outputs: sum, racy: [] };
      const written = writeCacheFile(this.file, 'run', this.key, full);
      const racy = files.filter((f: Stamp & ItemFile) => isRacy(f, written)).map((f) => ({ abs: f.abs, hash: hashes.get(f.file) ?? '' }));
      if (racy.length > 0) writeCacheFile(this.file, 'run', this.key, { ...full, racy });
    } catch {
      // A cache that cannot be written costs the next run time, never correctness.
    }
  }
}

/**
 * A document's input hash: its view (config, links, order) with each item as its file's content
 * digest. Not the item's path: a document is a function of its items' texts (a story renamed,
 * or listed from another working folder, renders the same bytes), and a digest alone is a third
 * of the text to hash. An item with no digest (none is read from a file) is named by its path.
 */
export function documentHash(view: FeedView, hashes: Map<string, string>, key: string): string {
  const { items, ...rest } = view;
  const h = createHash('sha1').update(key).update('\0').update(JSON.stringify(rest)).update('\0');
  // Each item as `digest\n` or `\0path\n` (unambiguous: a digest holds neither \0 nor \n, a
  // path no \n), hashed 256 at a time: no string of a whole archive's items to collect. An
  // item of the index knows its digest (no lookup by path for each item of each document).
  let chunk = '';
  for (let n = 0; n < items.length; n++) {
    const item = items[n]!;
    const hash = item instanceof IndexedItem ? item.digest : hashes.get(item.file);
    chunk += hash === undefined ? `\0${item.file}\n` : `${hash}\n`;
    if ((n & 255) === 255) {
      h.update(chunk);
      chunk = '';
    }
  }
  return h.update(chunk).digest('base64url');
}

export { RACY_MS };
