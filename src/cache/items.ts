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
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readItemText, type ItemFile } from '../items/load.js';
import { bodyImageUrls } from '../items/body.js';
import { parseItem, type ItemDefaults } from '../items/parse.js';
import type { LintFinding, LintSettings } from '../lint.js';
import type { PhotoRights } from '../rights.js';
import type { Body, Item, Person, Problem, Syndication, Withdrawal } from '../types.js';
import { frozenList, IndexedItem, isAuthorList, isTextList, type Head } from './head.js';

const photoOf = (image: PhotoRights): string =>
  JSON.stringify([image.url, image.credit ?? null, ...(image.renditions?.length ? [image.renditions.map((r) => r.url)] : [])]);
import { digest, readCacheFile, writeCacheFile } from './store.js';

export const SHARDS = 16;
import { isRacy, RACY_MS, type Stamp } from './stamp.js';

/** An item as stored: everything but the body's text. */
export type StoredItem = Omit<Item, 'body'>;

export interface Entry extends Stamp {
  /** Digest of the file's text: the item's identity in document input hashes. */
  hash: string;
  /** What the index row keeps of the item (made where it was parsed: on every core, not after all on one). */
  head?: Head;
  /** The item without its body: as parsed, or its JSON text (from a parser thread: see worker.ts). */
  item?: StoredItem | string;
  /** Present when the item has a body (read again from the file when a document shows it). */
  body?: Body['format'];
  problems?: Problem[];
  /** The attribution lint's findings, when the parser was given the lint (under the index's lintKey). */
  lint?: LintFinding[];
}

/** What a parser does beyond parsing: list the body's pictures, judge the attribution lint. */
export interface EntryOptions {
  bodyImages?: boolean;
  lint?: (item: Item) => LintFinding[];
}

/**
 * A shard as stored: one column per field, one row per file, so that reading the index
 * makes a few objects per item, not a dozen (at 100,000 items, parsing a row-per-object
 * index and collecting its garbage was most of a run with one new item). Rows whose file
 * has a problem instead of an item have id 0 and their problems in `problems`.
 */
interface Shard {
  /** What the stored lint findings were judged against (the config's agencies and partners). */
  lintKey?: string;
  files: string[];
  /** size, mtimeMs, ctimeMs, ino per row. */
  stamps: number[];
  hashes: string[];
  ids: (string | 0)[];
  /** published, updated per row. */
  times: number[];
  /** FLAG_* bits per row. */
  flags: number[];
  /** 0: { partners: 'all' }. */
  syndication: (Syndication | 0)[];
  /** Each row's tags and authors: its place in `tagSets` and `authorSets`. */
  tags: number[];
  authors: number[];
  /**
   * The shard's distinct lists of tags, and of authors, each once: the items of a wire desk
   * share a few hundred of each, so a run reads each list once, not once per item (at
   * 100,000 items, parsing every row's own was a third of a second of a run with one new item).
   */
  tagSets: string[][];
  authorSets: Person[][];
  /** JSON of the item's own photo's [url, credit, rendition URLs?], or '' without one: partners' photo rights. */
  photos: string[];
  /** The absolute URLs of the pictures in the body (bodyImageUrls), once a partner asked; 0: not yet. */
  bodyImages: (string[] | 0)[];
  problems: Record<number, Problem[]>;
  /** The kills (`withdrawn`) of the rows with FLAG_WITHDRAWN: few, so a sparse column. */
  withdrawn: Record<number, Withdrawal>;
  /** Findings of the rows with FLAG_LINTED and any finding. */
  lint: Record<number, LintFinding[]>;
}

const FLAG_WITHDRAWN = 1;
const FLAG_MARKDOWN = 2;
const FLAG_HTML = 4;
const FLAG_LINTED = 8;

/** A shard in memory: its columns, and which row holds each file's current entry (rows are appended, dropped on save). */
interface Loaded {
  cols: Shard;
  rows: Map<string, number>;
  /** Each list of tagSets and authorSets by its JSON text: made when a row is first appended. */
  sets?: { tags: Map<string, number>; authors: Map<string, number> };
}

const emptyShard = (): Shard => ({
  files: [],
  stamps: [],
  hashes: [],
  ids: [],
  times: [],
  flags: [],
  syndication: [],
  tags: [],
  authors: [],
  tagSets: [],
  authorSets: [],
  photos: [],
  bodyImages: [],
  problems: {},
  withdrawn: {},
  lint: {},
});

const isShard = (d: Shard | undefined): d is Shard =>
  !!d &&
  typeof d === 'object' &&
  Array.isArray(d.files) &&
  [d.hashes, d.ids, d.flags, d.syndication, d.tags, d.authors, d.photos, d.bodyImages].every((c) => Array.isArray(c) && c.length === d.files.length) &&
  Array.isArray(d.stamps) &&
  d.stamps.length === 4 * d.files.length &&
  Array.isArray(d.times) &&
  d.times.length === 2 * d.files.length &&
  !!d.problems &&
  !!d.withdrawn &&
  !!d.lint &&
  Array.isArray(d.tagSets) &&
  d.tagSets.every(isTextList) &&
  Array.isArray(d.authorSets) &&
  d.authorSets.every(isAuthorList);

/** A list's place in the shard's sets, added when new. */
function intern<T>(sets: T[][], known: Map<string, number>, list: string | readonly T[]): number {
  const json = typeof list === 'string' ? list : JSON.stringify(list);
  let at = known.get(json);
  if (at === undefined) {
    at = sets.length;
    sets.push(typeof list === 'string' ? (JSON.parse(list) as T[]) : [...list]);
    known.set(json, at);
  }
  return at;
}

const keysOf = (sets: readonly unknown[]) => new Map(sets.map((s, k) => [JSON.stringify(s), k]));

function appendRow(sh: Loaded, file: string, e: Entry, lintKey: string): void {
  const c = sh.cols;
  // Findings judged under another config are forgotten before this one's are kept beside them.
  if (e.lint && c.lintKey !== lintKey) forgetLint(c, lintKey);
  const row = c.files.length;
  c.files.push(file);
  c.stamps.push(e.size, e.mtimeMs, e.ctimeMs, e.ino);
  c.hashes.push(e.hash);
  const h = e.head;
  c.ids.push(h ? h.id : 0);
  c.times.push(h ? h.published : 0, h ? h.updated : 0);
  c.flags.push((h?.withdrawn ? FLAG_WITHDRAWN : 0) | (e.body === 'markdown' ? FLAG_MARKDOWN : e.body === 'html' ? FLAG_HTML : 0));
  const syn = h?.syndication;
  c.syndication.push(!syn || (syn.partners === 'all' && syn.embargo === undefined && syn.expires === undefined) ? 0 : syn);
  const sets = (sh.sets ??= { tags: keysOf(c.tagSets), authors: keysOf(c.authorSets) });
  // A problem row has neither: 0, which validRow does not look at (its id is 0).
  c.tags.push(h ? intern(c.tagSets, sets.tags, h.tags) : 0);
  c.authors.push(h ? intern(c.authorSets, sets.authors, h.authors) : 0);
  c.photos.push(h ? h.photo : '');
  c.bodyImages.push(h ? (h.bodyImages as string[] | 0) : []);
  if (e.lint && h) {
    c.flags[row]! |= FLAG_LINTED;
    if (e.lint.length > 0) c.lint[row] = e.lint;
  }
  if (e.problems) c.problems[row] = e.problems;
  if (h?.withdrawn) c.withdrawn[row] = h.withdrawn;
  sh.rows.set(file, row);
}

/** Drop a shard's lint findings (judged under another config) and take `lintKey` as its own. */
function forgetLint(c: Shard, lintKey: string): void {
  for (let k = 0; k < c.flags.length; k++) c.flags[k]! &= ~FLAG_LINTED;
  c.lint = {};
  c.lintKey = lintKey;
}

/** The shard without its dropped rows, renumbered. */
function compact(sh: Loaded, lintKey: string): Shard {
  const c = sh.cols;
  // Every file once and none dropped (a cold run's shards): the columns are already compact.
  if (sh.rows.size === c.files.length) return { ...c, lintKey: c.lintKey ?? lintKey };
  const out: Shard = { ...emptyShard(), lintKey: c.lintKey ?? lintKey };
  // Only the lists some kept row still has, renumbered.
  const tagAt = new Map<number, number>();
  const authorAt = new Map<number, number>();
  const keep = <T>(from: T[][], to: T[][], at: Map<number, number>, k: number): number => {
    let n = at.get(k);
    if (n === undefined) at.set(k, (n = to.push(from[k]!) - 1));
    return n;
  };
  for (let r = 0; r < c.files.length; r++) {
    const file = c.files[r]!;
    if (sh.rows.get(file) !== r) continue;
    const k = out.files.length;
    out.files.push(file);
    out.stamps.push(c.stamps[4 * r]!, c.stamps[4 * r + 1]!, c.stamps[4 * r + 2]!, c.stamps[4 * r + 3]!);
    out.hashes.push(c.hashes[r]!);
    out.ids.push(c.ids[r]!);
    out.times.push(c.times[2 * r]!, c.times[2 * r + 1]!);
    out.flags.push(c.flags[r]!);
    out.syndication.push(c.syndication[r]!);
    out.tags.push(c.ids[r] === 0 ? 0 : keep(c.tagSets, out.tagSets, tagAt, c.tags[r]!));
    out.authors.push(c.ids[r] === 0 ? 0 : keep(c.authorSets, out.authorSets, authorAt, c.authors[r]!));
    out.photos.push(c.photos[r]!);
    out.bodyImages.push(c.bodyImages[r]!);
    if (c.problems[r]) out.problems[k] = c.problems[r]!;
    if (c.withdrawn[r]) out.withdrawn[k] = c.withdrawn[r]!;
    if (c.lint[r]) out.lint[k] = c.lint[r]!;
  }
  return out;
}

const inRange = (v: unknown, n: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function validSyndication(s: unknown): boolean {
  if (s === 0) return true;
  if (!s || typeof s !== 'object') return false;
  const { partners, embargo, expires } = s as Syndication;
  return (partners === 'all' || partners === 'none' || isTextList(partners)) && (embargo === undefined || isTime(embargo)) && (expires === undefined || isTime(expires));
}

/** Whether row `r` holds values of the types this version writes. */
function validRow(c: Shard, r: number): boolean {
  if (typeof c.hashes[r] !== 'string') return false;
  const id = c.ids[r];
  if (id === 0) {
    const ps = c.problems[r];
    return Array.isArray(ps) && ps.length > 0 && ps.every((p) => !!p && typeof p.file === 'string' && typeof p.message === 'string');
  }
  const flags = c.flags[r];
  return (
    typeof id === 'string' &&
    id !== '' &&
    isTime(c.times[2 * r]) &&
    isTime(c.times[2 * r + 1]) &&
    Number.isInteger(flags) &&
    flags! >= 0 &&
    flags! < 16 &&
    validSyndication(c.syndication[r]) &&
    inRange(c.tags[r], c.tagSets.length) &&
    inRange(c.authors[r], c.authorSets.length) &&
    (!(flags! & FLAG_WITHDRAWN) || (!!c.withdrawn[r] && typeof c.withdrawn[r] === 'object'))
  );
}

/**
 * Findings or problems kept in a row, under the file's name as this run lists it: rows are by
 * absolute path, so that a run from another working folder (which names files otherwise) still
 * finds them.
 */
function asListed<T extends { file: string }>(kept: readonly T[], file: string): T[] {
  return kept.map((k) => (k.file === file ? k : { ...k, file }));
}

/** A file's shard, by its absolute path (see asListed). */
function shardOf(file: string): number {
  // FNV-1a: stable across runs and platforms, which Math.random-seeded hashes are not.
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

/** Rows a shard can hold, for IndexedItem.indexAt (shard × ROWS + row): far more than any items folder. */
const ROWS = 2 ** 26;

/** The item, told where its row is: the index answers its questions (lint, body pictures) without a lookup by path. */
function at(item: IndexedItem, n: number, r: number): IndexedItem {
  item.indexAt = n * ROWS + r;
  return item;
}

export interface IndexedItems {
  /** In listing (path) order, as loadItems returns them. Bodies are read lazily. */
  items: Item[];
  problems: Problem[];
  /** file → digest of its text. */
  hashes: Map<string, string>;
  /** How many files were read and parsed in this run (the rest came from the index). */
  parsed: number;
  /** Files parsed in this run → the id the index held for them before (0: none, or a problem). */
  reparsed: Map<string, string | 0>;
}

export class ItemIndex {
  private shards: Loaded[] = [];
  private shardTimes: number[] = [];
  private dirty = new Set<number>();

  constructor(
    private readonly dir: string,
    /** Digest of what parsing depends on beyond the file (the cache version, the item defaults). */
    private readonly key: string,
    /** Digest of what the attribution lint depends on beyond the item (see BuildCache). */
    private readonly lintKey = '',
  ) {}

  private shardFile(n: number): string {
    return path.join(this.dir, `items-${String(n).padStart(2, '0')}.json`);
  }

  /** Whether any shard of the index is on disk (valid or not): without one, a run parses every file. */
  stored(): boolean {
    for (let n = 0; n < SHARDS; n++) if (existsSync(this.shardFile(n))) return true;
    return false;
  }

  private loadShards(): void {
    for (let n = 0; n < SHARDS; n++) {
      const read = readCacheFile<Shard>(this.shardFile(n), 'items', this.key);
      const ok = isShard(read?.data);
      const cols = ok ? read!.data : emptyShard();
      const rows = new Map<string, number>();
      for (let r = 0; r < cols.files.length; r++) rows.set(cols.files[r]!, r);
      // Each list is shared by the items that have it.
      cols.tagSets.forEach(frozenList);
      cols.authorSets.forEach(frozenList);
      this.shards[n] = { cols, rows };
      this.shardTimes[n] = ok ? read!.mtimeMs : Infinity;
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
    /** Parses `files`; may report entries as they come (`onEntries`, from index `start`), and gives them all at the end. */
    parse: (files: ItemFile[], onEntries?: (start: number, entries: Entry[]) => void) => Promise<Entry[]>,
  ): Promise<IndexedItems> {
    this.loadShards();
    const out: IndexedItems = { items: [], problems: [], hashes: new Map(), parsed: 0, reparsed: new Map() };
    const slots: (Item | Problem[] | undefined)[] = new Array(files.length);
    const todo: number[] = [];
    const racy: number[] = [];
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const n = shardOf(f.abs);
      const sh = this.shards[n]!;
      const r = sh.rows.get(f.abs);
      const st = sh.cols.stamps;
      if (r === undefined || st[4 * r] !== f.size || st[4 * r + 1] !== f.mtimeMs || st[4 * r + 2] !== f.ctimeMs || st[4 * r + 3] !== f.ino)
        todo.push(i);
      // A row whose values are not what this version writes (a damaged or hand-edited shard
      // with a valid envelope) is never trusted: the file is read and parsed again.
      else if (!validRow(sh.cols, r)) todo.push(i);
      else if (isRacy(f, this.shardTimes[n]!)) racy.push(i);
      else slots[i] = this.fromIndex(f, sh.cols, r, defaults, out.hashes);
    }
    for (const i of racy) {
      const f = files[i]!;
      const sh = this.shards[shardOf(f.abs)]!;
      const r = sh.rows.get(f.abs)!;
      if ((await contentHash(f)) === sh.cols.hashes[r]) slots[i] = this.fromIndex(f, sh.cols, r, defaults, out.hashes);
      else todo.push(i);
    }
    // Entries are taken in listing order as they come (so the shards' rows are in a stable
    // order), while the parser threads go on with the next batches.
    let taken = 0;
    const arrived: (Entry | undefined)[] = new Array(todo.length);
    const take = () => {
      for (; taken < todo.length && arrived[taken] !== undefined; taken++) {
        const i = todo[taken]!;
        const f = files[i]!;
        const e = arrived[taken]!;
        const n = shardOf(f.abs);
        const before = this.shards[n]!.rows.get(f.abs);
        out.reparsed.set(f.file, before === undefined ? 0 : this.shards[n]!.cols.ids[before]!);
        appendRow(this.shards[n]!, f.abs, e, this.lintKey);
        this.dirty.add(n);
        out.hashes.set(f.file, e.hash);
        // As an item from the index is, but with the rest of its metadata at hand when the parser
        // gave it (its JSON text is parsed only if a document shows it), and its body read from the file when shown.
        slots[i] = e.head ? at(new IndexedItem(f.file, f.abs, e.head, e.body, defaults, e.hash, e.item), n, this.shards[n]!.rows.get(f.abs)!) : (e.problems ?? []);
      }
    };
    if (todo.length > 0) {
      const fresh = await parse(
        todo.map((i) => files[i]!),
        (start, entries) => {
          for (let k = 0; k < entries.length; k++) arrived[start + k] = entries[k];
          take();
        },
      );
      // A parser that does not report batches as they come gives them all at the end.
      for (let k = taken; k < todo.length; k++) arrived[k] ??= fresh[k];
      take();
    }
    out.parsed = todo.length;
    // Files gone from the folder leave the index.
    if (files.length !== this.shards.reduce((sum, s) => sum + s.rows.size, 0)) {
      const listed = new Set(files.map((f) => f.abs));
      this.shards.forEach((sh, n) => {
        for (const file of [...sh.rows.keys()])
          if (!listed.has(file)) {
            sh.rows.delete(file);
            this.dirty.add(n);
          }
      });
    }
    for (const slot of slots) {
      if (Array.isArray(slot)) out.problems.push(...slot);
      else if (slot) out.items.push(slot);
    }
    return out;
  }

  private fromIndex(f: ItemFile, c: Shard, r: number, defaults: ItemDefaults, hashes: Map<string, string>): Item | Problem[] {
    hashes.set(f.file, c.hashes[r]!);
    const id = c.ids[r]!;
    if (id === 0) return asListed(c.problems[r] ?? [], f.file);
    const flags = c.flags[r]!;
    const head: Head = {
      id,
      published: c.times[2 * r]!,
      updated: c.times[2 * r + 1]!,
      // A kill whose record went missing is still a kill (at its last change): never live again by accident.
      withdrawn: flags & FLAG_WITHDRAWN ? (c.withdrawn[r] ?? { at: c.times[2 * r + 1]! }) : false,
      syndication: c.syndication[r] || { partners: 'all' },
      tags: c.tagSets[c.tags[r]!]!,
      authors: c.authorSets[c.authors[r]!]!,
      photo: c.photos[r]!,
      bodyImages: c.bodyImages[r] ?? 0,
    };
    const body = flags & FLAG_MARKDOWN ? 'markdown' : flags & FLAG_HTML ? 'html' : undefined;
    return at(new IndexedItem(f.file, f.abs, head, body, defaults, c.hashes[r]!), shardOf(f.abs), r);
  }

  /**
   * The attribution lint's findings for an item of this run's index(): stored ones when they
   * were judged under this lintKey, else judged now and stored. (The row under the item's
   * file is the item's own: a row is replaced in index() only by a fresh parse, whose
   * findings are then unknown.)
   */
  lint(item: Item, compute: (item: Item) => LintFinding[]): LintFinding[] {
    const at = this.rowOf(item);
    if (!at) return compute(item);
    const { n, c, r } = at;
    if (c.flags[r]! & FLAG_LINTED && c.lintKey === this.lintKey) return asListed(c.lint[r] ?? [], item.file);
    const findings = compute(item);
    // The shard's other findings were judged under another config: forget them.
    if (c.lintKey !== this.lintKey) forgetLint(c, this.lintKey);
    c.flags[r]! |= FLAG_LINTED;
    if (findings.length > 0) c.lint[r] = findings;
    else delete c.lint[r];
    this.dirty.add(n);
    return findings;
  }

  /** The row of an item of this run's index(): the one under its file (see lint). A made-up item (a takedown notice) has none. */
  private rowOf(item: Item): { n: number; c: Shard; r: number } | undefined {
    if (!(item instanceof IndexedItem) || item.indexAt < 0) return undefined;
    const n = Math.floor(item.indexAt / ROWS);
    const r = item.indexAt % ROWS;
    const c = this.shards[n]?.cols;
    // Made by another index (or its row gone): not this index's to answer.
    return c && c.files[r] === item.abs ? { n, c, r } : undefined;
  }

  /** The pictures in the item's body: stored once computed, so the body is read once, not every run. */
  bodyImages(item: Item, compute: (item: Item) => readonly string[]): readonly string[] {
    const at = this.rowOf(item);
    if (!at) return compute(item);
    const known = at.c.bodyImages[at.r];
    if (known !== 0 && known !== undefined) return known;
    const urls = [...compute(item)];
    at.c.bodyImages[at.r] = urls;
    this.dirty.add(at.n);
    return urls;
  }

  /** Write the shards that changed. A failure to write the cache never fails the build. */
  save(): void {
    for (const n of this.dirty) {
      try {
        writeCacheFile(this.shardFile(n), 'items', this.key, compact(this.shards[n]!, this.lintKey));
      } catch {
        // The next run parses what it cannot find.
      }
    }
    this.dirty.clear();
  }
}

async function contentHash(f: ItemFile): Promise<string | undefined> {
  const read = await readItemText(f);
  return 'text' in read ? digest(read.text) : undefined;
}

/** The lint of `settings` as a function of an item (its module loaded only when asked for). */
export async function linter(settings: LintSettings | undefined): Promise<((item: Item) => LintFinding[]) | undefined> {
  if (!settings) return undefined;
  const { lintItem } = await import('../lint.js');
  return (item) => lintItem(item, settings);
}

/** Read and parse one file into an index entry (the item's body is not kept). */
export async function readEntry(f: ItemFile, defaults: ItemDefaults, opts: EntryOptions = {}): Promise<Entry> {
  const stamp: Stamp = { size: f.size, mtimeMs: f.mtimeMs, ctimeMs: f.ctimeMs, ino: f.ino };
  const read = await readItemText(f);
  if ('problem' in read) return { ...stamp, hash: '', problems: [read.problem] };
  return entryOf(stamp, read.text, f.file, defaults, opts);
}

/**
 * Parse one file's text into an index entry. Pure: also what a parser thread runs, which is
 * why the row's texts and the lint are made here (on every core, not after all on one).
 */
export function entryOf(stamp: Stamp, text: string, file: string, defaults: ItemDefaults, opts: EntryOptions = {}): Entry {
  const hash = digest(text);
  const parsed = parseItem(text, file, defaults);
  if (!parsed.ok) return { ...stamp, hash, problems: parsed.problems };
  const item = parsed.item;
  const body = item.body;
  const head: Head = {
    id: item.id,
    published: item.published,
    updated: item.updated,
    withdrawn: item.withdrawn,
    syndication: item.syndication,
    tags: JSON.stringify(item.tags),
    authors: JSON.stringify(item.authors),
    photo: item.image ? photoOf(item.image) : '',
    // A job with full-text partners judges the body's pictures: while the body is at hand, not by reading it again.
    bodyImages: body ? (opts.bodyImages ? bodyImageUrls(body, item.url) : 0) : [],
  };
  const entry: Entry = { ...stamp, hash, head };
  if (opts.lint) entry.lint = opts.lint(item);
  if (body) {
    entry.body = body.format;
    // Not kept (nor sent between threads): read again from the file when shown. Cleared, not deleted: a delete slows every later use of the object.
    item.body = undefined;
  }
  entry.item = item;
  return entry;
}
