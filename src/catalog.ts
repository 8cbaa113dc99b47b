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
  problems: Problem[];
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

export function catalog(items: readonly Item[], now: number): Catalog {
  let sorted: Item[] | undefined;
  const out = {
    held: [],
    withdrawn: [],
    expired: [],
    problems: [],
    get items() {
      return (sorted ??= [...out.pool].sort(byNewest));
    },
  } as unknown as Catalog;
  // Not enumerable: the catalog of the same items in another path order is the same catalog.
  Object.defineProperty(out, 'pool', { value: [], enumerable: false });
  // Items arrive in path order, so "the first" of a duplicate id is deterministic.
  const byId = new Map<string, Item>();
  for (const item of items) {
    const first = byId.get(item.id);
    if (first) {
      out.problems.push({
        file: item.file,
        field: 'id',
        message: `"${item.id}" is already used by ${first.file}: this item was skipped`,
        severity: 'error',
      });
      out.problems.push({
        file: first.file,
        field: 'id',
        message: `"${item.id}" is also used by ${item.file}: this item was kept`,
        severity: 'warning',
      });
      continue;
    }
    byId.set(item.id, item);
    if (item.withdrawn) out.withdrawn.push(item);
    else if (item.syndication.expires !== undefined && item.syndication.expires <= now) out.expired.push(item);
    else if (item.published > now || (item.syndication.embargo !== undefined && item.syndication.embargo > now))
      out.held.push(item);
    else out.pool.push(item);
  }
  return out;
}
