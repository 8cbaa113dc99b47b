// The parse cache, as build() uses it: a folder of its own (`--cache DIR`, default
// `.wirefeed-cache/` in the working folder), safe to delete at any time.
//
//   DIR/<job>/items-00.json … items-15.json   the item index (items/shards, see items.ts)
//   DIR/<job>/run.json                         the last run's inputs and outputs (run.ts)
//
// <job> is a digest of the items and output folders, so several sites (or tests) can share
// one cache folder without evicting each other. Every file carries the cache version and a
// key of what it depends on; a file that does not match is ignored and rebuilt.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countErrors, listItemFiles, type ItemFile, type LoadResult } from '../items/load.js';
import type { ItemDefaults } from '../items/parse.js';
import { viewPaths, type Reuse } from '../render/index.js';
import type { LintFinding, LintSettings } from '../lint.js';
import { itemPhotoFacts, type PhotoFacts } from '../select/partners.js';
import type { FeedView, Item, Problem } from '../types.js';
import { IndexedItem } from './head.js';
import { ItemIndex, linter, readEntry, type Entry } from './items.js';
import { startSurvey, type OutSurvey } from '../publish/survey.js';
import { PieceStore } from './pieces.js';
import { codeStamp, documentHash, listingDigest, RunMemory, stableWindow, type RunState } from './run.js';
import { CACHE_VERSION, digest } from './store.js';
import { jobDir } from './quick.js';

export { DEFAULT_CACHE_DIR } from './quick.js';

export interface CachedLoad extends LoadResult {
  listed: ItemFile[];
  listing: string;
  hashes: Map<string, string>;
  /** Files read and parsed in this run. */
  parsed: number;
  /** Files parsed in this run → the id the index held for them before (0: none). */
  reparsed: Map<string, string | 0>;
}

export interface CacheJob {
  itemsDir: string;
  outDir: string;
  defaults: ItemDefaults;
  /** Everything else the output depends on: the config, the item limit. */
  shape: unknown;
  /**
   * The attribution lint's settings (the config's agencies and partners): what its findings
   * depend on beyond the item, and what the items parsed in a run are judged with as they are parsed.
   */
  lint?: LintSettings;
  /** The run shows only a few items (no archives, no partners: a few feeds' newest): see ParseOptions.texts. */
  showsFew?: boolean;
  /** quickKey() of the config's text and --limit, when the config came from a file: lets quick.ts answer the next run. */
  quick?: string;
  /** Warnings every run of this config gives (a partner without a secret): the quick check repeats them. */
  notes?: string[];
  /** Some partner takes full text: its photo rights look at each body's pictures. */
  bodyImages?: boolean;
  /** lifecycle.tombstone_days in ms: a tombstone's end is a moment the output changes. */
  tombstoneMs?: number;
}

export interface ParseOptions {
  /** Also list each body's pictures (bodyImageUrls), for a job with full-text partners. */
  bodyImages?: boolean;
  /** Judge each item's attribution lint as it is parsed (lintItem with these settings). */
  lint?: LintSettings;
  /**
   * False: a parser thread need not send back each item's metadata beyond the index row (a
   * job that shows few items reads those again from their files, as a warm run does).
   */
  texts?: boolean;
  /** Hears the entries of each finished batch (from index `start` of `files`) before the whole job is done. */
  onEntries?: (start: number, entries: Entry[]) => void;
}

export type Parser = ((files: ItemFile[], defaults: ItemDefaults, opts?: ParseOptions) => Promise<Entry[]>) & {
  /** From this many files to parse, the parser uses threads, which `warm` may start ahead of the call (with its arguments). */
  warmAt?: number;
  warm?: (defaults: ItemDefaults, opts: ParseOptions) => void;
  /** Stops threads that `warm` started and no call used. */
  release?: () => Promise<number>;
};

/** Parse in this thread, one file after another. */
export const parseHere: Parser = async (files, defaults, opts) => {
  const out: Entry[] = [];
  const entryOpts = { bodyImages: opts?.bodyImages, lint: await linter(opts?.lint) };
  for (const f of files) {
    const e = await readEntry(f, defaults, entryOpts);
    // As a parser thread does: a run that shows few items reads the few again rather than keep every one.
    if (opts?.texts === false) e.item = undefined;
    out.push(e);
  }
  return out;
};

export class BuildCache {
  readonly dir: string;
  private readonly index: ItemIndex;
  private readonly memory: RunMemory;
  private readonly runKey: string;
  private loaded?: CachedLoad;
  private readonly pieces: PieceStore;
  private readonly outDir: string;
  /** out/ as this run found it, surveyed on another thread while the run reads and selects (see publish/survey.ts). */
  private surveyOut?: () => Promise<OutSurvey>;

  constructor(root: string, job: CacheJob) {
    this.outDir = job.outDir;
    this.dir = jobDir(root, job.itemsDir, job.outDir);
    const code = codeStamp();
    const itemsKey = digest(String(CACHE_VERSION), code, JSON.stringify(job.defaults ?? null));
    this.runKey = digest(itemsKey, JSON.stringify(job.shape ?? null));
    this.index = new ItemIndex(this.dir, itemsKey, digest(JSON.stringify(job.lint ?? null)));
    this.memory = new RunMemory(path.join(this.dir, 'run.json'), this.runKey, job.outDir);
    this.pieces = new PieceStore(this.dir, this.runKey, job.outDir, (rel) => this.memory.stamp(rel));
    this.defaults = job.defaults;
    this.bodyImages = job.bodyImages ?? false;
    this.tombstoneMs = job.tombstoneMs ?? 0;
    this.lintWith = job.lint;
    this.showsFew = job.showsFew ?? false;
    this.quick = job.quick;
    this.notes = job.notes;
  }

  private readonly notes: string[] | undefined;

  private readonly quick: string | undefined;

  private readonly bodyImages: boolean;
  private readonly lintWith: LintSettings | undefined;
  private readonly showsFew: boolean;
  private readonly tombstoneMs: number;

  private readonly defaults: ItemDefaults;

  /**
   * Why the cache folder cannot be used, or undefined when it can: created if need be, and
   * written once. The cache's own writes fail quietly (a cache never fails a build), so
   * without this a service user who cannot write it would re-parse everything, unseen, forever.
   */
  unwritable(): string | undefined {
    const probe = path.join(this.dir, `.probe-${process.pid}`);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(probe, '');
      rmSync(probe, { force: true });
      return undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      return `the cache folder ${path.dirname(this.dir)} cannot be written (${code}): every run reads every item and renders every feed; give the user that runs wirefeed a folder it can write (--cache DIR; under systemd, CacheDirectory=wirefeed and --cache /var/cache/wirefeed)`;
    }
  }

  /**
   * List the items folder; when nothing changed since the last run (see RunMemory.unchanged)
   * return that run's state, else the items, parsing only what changed.
   */
  async load(
    itemsDir: string,
    now: number,
    parse: Parser = parseHere,
    /** The folder's listing and out/'s survey, when the caller took them under this run's lock (see BuildOptions.handover). */
    handover?: { listing: Awaited<ReturnType<typeof listItemFiles>>; survey?: () => Promise<OutSurvey> },
  ): Promise<{ unchanged: RunState } | CachedLoad> {
    const opts: ParseOptions = { bodyImages: this.bodyImages, lint: this.lintWith, texts: !this.showsFew };
    // With no index yet (a cold run), every file will be parsed: parser threads are started
    // as soon as the listing shows there are enough, and load their code while it goes on.
    const warm = parse.warm;
    const many = warm && parse.warmAt !== undefined && !this.index.stored() ? { at: parse.warmAt, call: () => warm(this.defaults, opts) } : undefined;
    let indexed;
    let listed;
    let listing;
    try {
      // out/ is surveyed on another thread while the items are listed: it answers whether the
      // outputs are as the last run left them, and later which documents are current.
      this.surveyOut = handover?.survey ?? startSurvey(this.outDir);
      listed = handover?.listing ?? (await listItemFiles(itemsDir, many));
      listing = listingDigest(listed.files, listed.problems);
      if (this.memory.mayBeUnchanged(listing, now)) {
        await this.survey();
        const same = this.memory.unchanged(listing, now);
        if (same) return { unchanged: same };
      }
      indexed = await this.index.index(listed.files, this.defaults, (files, onEntries) => parse(files, this.defaults, { ...opts, onEntries }));
    } finally {
      await parse.release?.();
    }
    this.loaded = {
      items: indexed.items,
      problems: [...listed.problems, ...indexed.problems],
      files: listed.files.length + countErrors(listed.problems),
      listed: listed.files,
      listing,
      hashes: indexed.hashes,
      parsed: indexed.parsed,
      reparsed: indexed.reparsed,
    };
    return this.loaded;
  }

  /**
   * Whether the last run already had this file with this id: of two files that claim one
   * id, that one is the story readers have, and a new copy must not replace it.
   */
  knew(item: Item): boolean {
    const before = this.loaded?.reparsed;
    if (!before) return false;
    if (before.has(item.file) ? before.get(item.file) !== item.id : false) return false;
    // The last run had it, but as a copy it skipped (an item's only id/url error is a duplicate id).
    this.skippedCopies ??= new Set(
      this.memory.lastProblems().filter((p) => p.severity === 'error' && (p.field === 'id' || p.field === 'url')).map((p) => p.file),
    );
    return !this.skippedCopies.has(item.file);
  }

  private skippedCopies?: Set<string>;

  /** The attribution lint's findings for each item: judged again only for items parsed in this run (or after a config change). */
  lint(items: readonly Item[], lintOne: (item: Item) => LintFinding[]): LintFinding[][] {
    return items.map((i) => this.index.lint(i, lintOne));
  }

  /** Partners' photo rights from the index: a body is read for its pictures once, when its file is new or changed. */
  photoFacts(): PhotoFacts {
    // An item of the index carries its own (IndexedItem); one a document makes of it (a
    // profile's takedown notice, which shows no photo) says its own.
    const bodies = new Map<Item, readonly string[]>();
    return {
      image: (item) => (item instanceof IndexedItem ? item.photoRights() : item.image),
      bodyImages: (item) => {
        let urls = item instanceof IndexedItem ? item.indexedBodyImages : undefined;
        if (urls) return urls;
        urls = bodies.get(item);
        if (!urls) bodies.set(item, (urls = this.index.bodyImages(item, itemPhotoFacts.bodyImages)));
        return urls;
      },
    };
  }

  /** out/ as this run found it (undefined before load): its files' stamps are then known to the checks of documents(). */
  async survey(): Promise<OutSurvey | undefined> {
    const survey = await this.surveyOut?.();
    if (survey) this.memory.know(survey);
    return survey;
  }

  /**
   * Each document's input hash and files, and whether they are on disk exactly as a run with
   * the same inputs left them (then it need not be rendered).
   */
  documents(views: readonly FeedView[]): { doc: string; paths: string[]; current: boolean }[] {
    const hashes = this.loaded?.hashes ?? new Map<string, string>();
    return views.map((view) => {
      const doc = documentHash(view, hashes, this.runKey);
      const kept = this.memory.current(doc);
      // The feed files and, for a partner that takes ninjs, its index and item documents.
      return kept ? { doc, paths: kept, current: true } : { doc, paths: viewPaths(view), current: false };
    });
  }

  /** The last run's documents, for re-assembling the ones this run renders again from their unchanged items. */
  reuse(): Reuse {
    const hashes = this.loaded?.hashes ?? new Map<string, string>();
    const keys = new Map<Item, Map<string, string | undefined>>();
    // Only an item as read from its file has its file's bytes: one a document makes of it (a
    // profile's takedown notice of a killed story) has no key, and is rendered.
    const own = new Set(this.loaded?.items);
    return {
      keyOf: (item, blocked) => {
        if (!own.has(item)) return undefined;
        let byBlocked = keys.get(item);
        if (!byBlocked) keys.set(item, (byBlocked = new Map()));
        if (!byBlocked.has(blocked)) {
          const hash = hashes.get(item.file);
          byBlocked.set(blocked, hash === undefined ? undefined : digest(hash, blocked).slice(0, 16));
        }
        return byBlocked.get(blocked);
      },
      previous: (period, rel) => this.pieces.previous(period || 'current', rel),
      layout: (period, rel) => this.pieces.layout(period || 'current', rel),
      record: (period, rel, layout) => this.pieces.record(period || 'current', rel, layout),
    };
  }

  /** After a successful publish: remember the index and what is on disk now. */
  save(now: number, counts: Record<string, number>, problems: Problem[], docs: Map<string, string>, written?: readonly string[]): void {
    const loaded = this.loaded;
    if (!loaded) return;
    this.index.save();
    // What this run wrote (without a list: every document) has new stamps, which the layouts and the record take.
    this.memory.forget(written ?? docs.keys());
    this.pieces.save(new Set(docs.keys()));
    this.memory.save(
      { listing: loaded.listing, window: stableWindow(loaded.items, now, this.tombstoneMs), counts, problems, ...(this.quick ? { quick: this.quick } : {}), ...(this.notes ? { notes: this.notes } : {}) },
      docs,
      loaded.listed,
      loaded.hashes,
      [],
    );
  }
}
