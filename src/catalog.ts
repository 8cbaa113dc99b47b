// The items that may be published now: ordered, one per id, none withdrawn, expired or embargoed;
// and the killed ones still inside their tombstone window.
import { TOMBSTONE_DAYS } from './config/constants.js';
import type { Item, Problem, Tombstone } from './types.js';
import { liveVersion } from './version.js';

export const DAY_MS = 86_400_000;

/** A killed story that had gone out before its kill, within lifecycle.tombstone_days of it. */
export interface Kill {
  item: Item;
  when: number;
  reason: string;
  cause: Tombstone['cause'];
}

/** The tombstone of a kill: plain data, so documents (and the cache's input hashes) hold no item. */
export const tombstoneOf = (k: Kill): Tombstone => ({
  id: k.item.id,
  url: k.item.url,
  published: k.item.published,
  when: k.when,
  reason: k.reason,
  cause: k.cause,
  version: liveVersion(k.item) + 1,
});

const LICENCE_EXPIRED = 'licence expired';

export interface Catalog {
  /** Publishable items, newest `published` first, ties broken by id (sorted on first use). */
  readonly items: Item[];
  /** The same, latest `updated` first (byUpdated): partner feeds with archives, `feed.order: updated`. Sorted on first use, once for all feeds. */
  readonly itemsByUpdated: Item[];
  /**
   * The same items in path order: for a document that needs only its newest N (see
   * `newest`), so a run without archives never sorts the whole archive.
   */
  pool: Item[];
  /** Not yet: `published` or `syndication.embargo` is later than now. */
  held: Item[];
  withdrawn: Item[];
  expired: Item[];
  /** Of the withdrawn and expired: those still owed a tombstone, newest kill first, ties by id. */
  killed: Kill[];
  /** Problems with the items as a set: each duplicate's skipped file (without lines: build adds them). */
  problems: Problem[];
  /** Files that claim an id another file keeps. */
  duplicates: Duplicate[];
}

/** Code-unit order of two strings (ids, paths): the tie-break of every order here. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const byNewest = (a: Item, b: Item) => b.published - a.published || byText(a.id, b.id);

/** By the latest change first (partner feeds, and `feed.order: updated`): a correction moves a story up. */
export const byUpdated = (a: Item, b: Item) => b.updated - a.updated || byNewest(a, b);

export type Order = typeof byNewest;

/**
 * `items` in `order` (byNewest or byUpdated), sorted on the times copied into typed arrays: the
 * comparator then reads no item (at 100,000 items of several shapes, sorting by the items
 * themselves took a quarter of a second). The same order: ids are unique in a pool, so the
 * order is total, and ties in both times fall to the ids as in byNewest.
 */
export function sortItems(items: readonly Item[], order: Order): Item[] {
  if (order !== byNewest && order !== byUpdated) return [...items].sort(order);
  const n = items.length;
  const first = new Float64Array(n);
  const second = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    first[i] = order === byUpdated ? item.updated : item.published;
    second[i] = item.published;
  }
  const at = Array.from({ length: n }, (_, i) => i);
  at.sort((a, b) => first[b]! - first[a]! || second[b]! - second[a]! || byText(items[a]!.id, items[b]!.id));
  return at.map((i) => items[i]!);
}

/** The time from which a story could be seen: its `published`, or its embargo when later. */
const visibleFrom = (i: Item) => Math.max(i.published, i.syndication.embargo ?? -Infinity);

/**
 * The kill of a withdrawn or expired item, if it is still owed a tombstone at `now`: only a
 * story that had gone out before it was killed leaves one (a story withdrawn while embargoed
 * reached nobody), and only for `windowMs` after the kill.
 */
function killOf(item: Item, expired: boolean, now: number, windowMs: number): Kill | undefined {
  const w = item.withdrawn;
  const kill: Kill = w
    ? { item, when: w.at, reason: w.reason ?? 'withdrawn', cause: 'withdrawn' }
    : { item, when: item.syndication.expires!, reason: LICENCE_EXPIRED, cause: 'expired' };
  const from = visibleFrom(item);
  const reached = expired ? from < kill.when : from <= now && from <= kill.when;
  return reached && windowMs > 0 && now < kill.when + windowMs ? kill : undefined;
}

const byKill = (a: Kill, b: Kill) => b.when - a.when || byText(a.item.id, b.item.id);

/**
 * The newest `n` of `items` (in any order), newest first (by `order`: published, or updated): one pass keeping the best n, not a
 * sort of them all (at 100,000 items a full sort was a tenth of a run with one new item).
 */
export function newest(items: readonly Item[], n: number, order: Order = byNewest): Item[] {
  if (n >= items.length) return sortItems(items, order);
  const top: Item[] = [];
  if (n <= 0) return top;
  for (const item of items) {
    if (top.length === n && order(item, top[n - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(item, top[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, item);
    if (top.length > n) top.pop();
  }
  return top;
}

/** Two files claim one id: the one kept, the one skipped, and why that one won. */
export interface Duplicate {
  kept: Item;
  skipped: Item;
  why: string;
}

/**
 * Of two items with one id, the one readers already have: the one the last run had (when the
 * parse cache knows), else the older by `published`, else the first by path (or in the file).
 * A story copied as a template with its url left unchanged therefore never replaces the live
 * one. Why `a` is kept over `b`; undefined when `b` is kept.
 */
function whyKept(a: Item, b: Item, knew?: (item: Item) => boolean): string | undefined {
  const ka = knew?.(a) ?? false;
  const kb = knew?.(b) ?? false;
  if (ka !== kb) return ka ? 'the last run published it' : undefined;
  if (a.published < b.published) return 'it was published first';
  if (a.published > b.published) return undefined;
  return a.file <= b.file ? 'same published time: the first by path' : undefined;
}

/** The field that carries an item's id: `id` when it has its own, else `url`. */
export const idField = (item: Item): 'id' | 'url' => (item.id === item.url ? 'url' : 'id');

/** The error for the skipped copy, naming both files (with the line of the id in each, when known). */
export function duplicateProblem(d: Duplicate, lineOf: (item: Item) => number | undefined = () => undefined): Problem {
  const at = (i: Item) => (lineOf(i) ? `${i.file}:${lineOf(i)}` : i.file);
  return {
    file: d.skipped.file,
    line: lineOf(d.skipped),
    field: idField(d.skipped),
    message:
      `${JSON.stringify(d.skipped.id)} is also the id of ${at(d.kept)}, which is kept (${d.why}): this file was skipped; ` +
      `give it its own ${idField(d.skipped)}`,
    severity: 'error',
  };
}

export interface CatalogOptions {
  /** lifecycle.tombstone_days, in ms. */
  tombstoneMs?: number;
}

export function catalog(items: readonly Item[], now: number, knew?: (item: Item) => boolean, opts: CatalogOptions = {}): Catalog {
  const windowMs = opts.tombstoneMs ?? TOMBSTONE_DAYS * DAY_MS;
  let sorted: Item[] | undefined;
  let sortedByUpdate: Item[] | undefined;
  const out = {
    held: [],
    withdrawn: [],
    expired: [],
    killed: [],
    problems: [],
    duplicates: [],
    get items() {
      return (sorted ??= sortItems(out.pool, byNewest));
    },
    get itemsByUpdated() {
      return (sortedByUpdate ??= sortItems(out.pool, byUpdated));
    },
  } as unknown as Catalog;
  // Not enumerable: the catalog of the same items in another path order is the same catalog.
  Object.defineProperty(out, 'pool', { value: [], enumerable: false });
  const byId = new Map<string, Item>();
  const copies: Item[] = [];
  for (const item of items) {
    const other = byId.get(item.id);
    if (!other) byId.set(item.id, item);
    else {
      byId.set(item.id, whyKept(other, item, knew) ? other : item);
      copies.push(other, item);
    }
  }
  // A third copy may have displaced the first winner: report each skipped file against the final one.
  out.duplicates = copies
    .filter((i, k, all) => byId.get(i.id) !== i && all.indexOf(i) === k)
    .map((skipped) => {
      const kept = byId.get(skipped.id)!;
      return { kept, skipped, why: whyKept(kept, skipped, knew)! };
    })
    .sort((a, b) => byText(a.skipped.file, b.skipped.file));
  out.problems.push(...out.duplicates.map((d) => duplicateProblem(d)));
  for (const item of items) {
    if (byId.get(item.id) !== item) continue;
    const expired = (item.syndication.expires ?? Infinity) <= now;
    if (item.withdrawn || expired) {
      if (item.withdrawn) out.withdrawn.push(item);
      else out.expired.push(item);
      const kill = killOf(item, !item.withdrawn, now, windowMs);
      if (kill) out.killed.push(kill);
    } else if (visibleFrom(item) > now) out.held.push(item);
    else out.pool.push(item);
  }
  out.killed.sort(byKill);
  return out;
}
