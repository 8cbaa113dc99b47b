// The items that may be published now: ordered, one per id, none withdrawn, expired or embargoed.
import type { Item, Problem } from './types.js';

export interface Catalog {
  /** Publishable items, newest `published` first, ties broken by id (sorted on first use). */
  readonly items: Item[];
  /**
   * The same items in path order: for a document that needs only its newest N (see
   * `newest`), so a run without archives never sorts the whole archive.
   */
  pool: Item[];
  /** Not yet: `published` or `syndication.embargo` is later than now. */
  held: Item[];
  withdrawn: Item[];
  expired: Item[];
  /** Problems with the items as a set: each duplicate's skipped file (without lines: build adds them). */
  problems: Problem[];
  /** Files that claim an id another file keeps. */
  duplicates: Duplicate[];
}

export const byNewest = (a: Item, b: Item) =>
  b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The newest `n` of `items` (in any order), newest first: one pass keeping the best n, not a
 * sort of them all (at 100,000 items a full sort was a tenth of a run with one new item).
 */
export function newest(items: readonly Item[], n: number): Item[] {
  if (n >= items.length) return [...items].sort(byNewest);
  const top: Item[] = [];
  if (n <= 0) return top;
  for (const item of items) {
    if (top.length === n && byNewest(item, top[n - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byNewest(item, top[mid]!) < 0) hi = mid;
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
 * parse cache knows), else the older by `published`, else the first by path. A story copied
 * as a template with its url left unchanged therefore never replaces the live one.
 */
function keep(a: Item, b: Item, knew?: (item: Item) => boolean): [Item, Item, string] {
  const ka = knew?.(a) ?? false;
  const kb = knew?.(b) ?? false;
  if (ka !== kb) return ka ? [a, b, 'the last run published it'] : [b, a, 'the last run published it'];
  if (a.published !== b.published)
    return a.published < b.published ? [a, b, 'it was published first'] : [b, a, 'it was published first'];
  return a.file <= b.file ? [a, b, 'same published time: the first by path'] : [b, a, 'same published time: the first by path'];
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

export function catalog(items: readonly Item[], now: number, knew?: (item: Item) => boolean): Catalog {
  let sorted: Item[] | undefined;
  const out = {
    held: [],
    withdrawn: [],
    expired: [],
    problems: [],
    duplicates: [],
    get items() {
      return (sorted ??= [...out.pool].sort(byNewest));
    },
  } as unknown as Catalog;
  // Not enumerable: the catalog of the same items in another path order is the same catalog.
  Object.defineProperty(out, 'pool', { value: [], enumerable: false });
  const byId = new Map<string, Item>();
  for (const item of items) {
    const other = byId.get(item.id);
    if (!other) byId.set(item.id, item);
    else {
      const [kept, skipped, why] = keep(other, item, knew);
      byId.set(item.id, kept);
      out.duplicates.push({ kept, skipped, why });
    }
  }
  // A third copy may have displaced the first winner: report each skipped file against the final one.
  if (out.duplicates.length > 0) {
    out.duplicates = out.duplicates
      .flatMap((d) => [d.kept, d.skipped])
      .filter((i, k, all) => byId.get(i.id) !== i && all.indexOf(i) === k)
      .map((skipped) => {
        const kept = byId.get(skipped.id)!;
        return { kept, skipped, why: keep(kept, skipped, knew)[2] };
      })
      .sort((a, b) => (a.skipped.file < b.skipped.file ? -1 : a.skipped.file > b.skipped.file ? 1 : 0));
    out.problems.push(...out.duplicates.map((d) => duplicateProblem(d)));
  }
  for (const item of items) {
    if (byId.get(item.id) !== item) continue;
    if (item.withdrawn) out.withdrawn.push(item);
    else if (item.syndication.expires !== undefined && item.syndication.expires <= now) out.expired.push(item);
    else if (item.published > now || (item.syndication.embargo !== undefined && item.syndication.embargo > now))
      out.held.push(item);
    else out.pool.push(item);
  }
  return out;
}
