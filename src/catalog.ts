// The items that may be published now: ordered, one per id, none withdrawn, expired or embargoed.
import type { Item, Problem } from './types.js';

export interface Catalog {
  /** Publishable items, newest `published` first, ties broken by id. */
  items: Item[];
  /** Not yet: `published` or `syndication.embargo` is later than now. */
  held: Item[];
  withdrawn: Item[];
  expired: Item[];
  problems: Problem[];
}

export const byNewest = (a: Item, b: Item) =>
  b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function catalog(items: readonly Item[], now: number): Catalog {
  const out: Catalog = { items: [], held: [], withdrawn: [], expired: [], problems: [] };
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
    else out.items.push(item);
  }
  out.items.sort(byNewest);
  return out;
}
