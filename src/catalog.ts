// The items that may be published now: ordered, one per id, none withdrawn, expired or embargoed;
// and the killed ones still inside their tombstone window.
import { TOMBSTONE_DAYS } from './config/schema.js';
import type { Item, Problem, Tombstone } from './types.js';

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
});

export const LICENCE_EXPIRED = 'licence expired';

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
  problems: Problem[];
}

export const byNewest = (a: Item, b: Item) =>
  b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** By the latest change first (partner feeds, and `feed.order: updated`): a correction moves a story up. */
export const byUpdated = (a: Item, b: Item) => b.updated - a.updated || byNewest(a, b);

export type Order = typeof byNewest;

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

const byKill = (a: Kill, b: Kill) => b.when - a.when || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0);

/**
 * The newest `n` of `items` (in any order), newest first (by `order`: published, or updated): one pass keeping the best n, not a
 * sort of them all (at 100,000 items a full sort was a tenth of a run with one new item).
 */
export function newest(items: readonly Item[], n: number, order: Order = byNewest): Item[] {
  if (n >= items.length) return [...items].sort(order);
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

export interface CatalogOptions {
  /** lifecycle.tombstone_days, in ms. */
  tombstoneMs?: number;
}

export function catalog(items: readonly Item[], now: number, opts: CatalogOptions = {}): Catalog {
  const windowMs = opts.tombstoneMs ?? TOMBSTONE_DAYS * DAY_MS;
  let sorted: Item[] | undefined;
  let sortedByUpdate: Item[] | undefined;
  const out = {
    held: [],
    withdrawn: [],
    expired: [],
    killed: [],
    problems: [],
    get items() {
      return (sorted ??= [...out.pool].sort(byNewest));
    },
    get itemsByUpdated() {
      return (sortedByUpdate ??= [...out.pool].sort(byUpdated));
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
    const expired = item.syndication.expires !== undefined && item.syndication.expires <= now;
    if (item.withdrawn || expired) {
      if (item.withdrawn) out.withdrawn.push(item);
      else out.expired.push(item);
      const kill = killOf(item, !item.withdrawn, now, windowMs);
      if (kill) out.killed.push(kill);
    } else if (item.published > now || (item.syndication.embargo !== undefined && item.syndication.embargo > now))
      out.held.push(item);
    else out.pool.push(item);
  }
  out.killed.sort(byKill);
  return out;
}
