// RFC 5005 §4 archived feeds: a subscription document with the latest N items, and the
// older items in archive documents, one per calendar period (UTC) of their `published`.
//
// Each archive document's bytes depend only on its own items and its neighbours' names:
// its `updated` is its items' newest `updated`, its links name the periods either side.
// So a closed period is rewritten only when one of its items changes (or when a newer
// period opens: its next-archive link appears, which RFC 5005 requires).
import type { FeedLinks, FeedView, Item, Tombstone } from './types.js';
import { memoized } from './memo.js';

export type ArchivePeriod = 'month' | 'year';

/** The name of the period an instant falls in, UTC: "2026-09" (month) or "2026" (year). */
export function periodOf(ms: number, period: ArchivePeriod): string {
  // Asked for every item of every archived feed: a UTC day lies in one month, so each day is
  // formatted once (an archive's 20,000 items fall on a few thousand days).
  const month = monthOfDay(Math.floor(ms / DAY));
  return period === 'year' ? month.slice(0, 4) : month;
}

const DAY = 86_400_000;
const monthOfDay = memoized(100_000, (day: number) => new Date(day * DAY).toISOString().slice(0, 7));

/** Where a feed's archive document for one period lives, relative to out/. */
export function archiveDir(feedDir: string, key: string): string {
  return feedDir ? `${feedDir}/archive/${key}` : `archive/${key}`;
}

export interface ArchiveGroup {
  key: string;
  /** In the feed's order (newest `published` first, or latest `updated` first). */
  items: Item[];
}

/** Stories and their tombstones, by the period their `published` falls in, each keeping its order. */
function byPeriod<T extends { published: number }>(xs: readonly T[], period: ArchivePeriod): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of xs) {
    const key = periodOf(x.published, period);
    const group = groups.get(key);
    if (group) group.push(x);
    else groups.set(key, [x]);
  }
  return groups;
}

const newestPeriodFirst = (a: ArchiveGroup, b: ArchiveGroup) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

/**
 * Split the items beyond the subscription document into periods, newest period first, each
 * keeping the items' order. (Ordered by `updated`, a period's items need not be one run:
 * grouping by key still keeps one document per period.)
 */
export function groupByPeriod(items: readonly Item[], period: ArchivePeriod): ArchiveGroup[] {
  return [...byPeriod(items, period)].map(([key, its]) => ({ key, items: its })).sort(newestPeriodFirst);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function periodName(key: string): string {
  const [year, month] = key.split('-');
  return month ? `${MONTHS[Number(month) - 1]} ${year}` : `${year}`;
}

/** A document of the same feed in another folder: its URL, per format, resolved against ours. */
function siblingLinks(self: FeedLinks['self'], rel: string): FeedLinks['self'] {
  const at = (url: string) => new URL(`${rel}/${url.slice(url.lastIndexOf('/') + 1)}`, url).href;
  return { rss: at(self.rss), atom: at(self.atom), json: at(self.json) };
}

/** A document's own updated: its newest change, a kill included (a tombstone changes the document). */
export function documentUpdated(items: readonly Item[], tombstones: readonly Tombstone[], fallback: number): number {
  let max = -Infinity;
  for (const i of items) if (i.updated > max) max = i.updated;
  for (const t of tombstones) if (t.when > max) max = t.when;
  return max === -Infinity ? fallback : max;
}

/**
 * The documents of one archived feed: the subscription document first, then its archive
 * documents from newest to oldest (the order a reader walks them by prev-archive).
 * `older` are the feed's items beyond the subscription document, newest first. With none,
 * the subscription document holds every item and is returned as it is (fh:complete).
 */
export function archivedFeed(
  subscription: FeedView,
  older: readonly Item[],
  period: ArchivePeriod = 'month',
  /** Kills of stories that were on archive pages: each stays on its period's page, in place of the entry, for its window. */
  tombstones: readonly Tombstone[] = [],
): FeedView[] {
  const groups = groupByPeriod(older, period);
  const dead = byPeriod(tombstones, period);
  // A period whose every story was killed keeps a page of tombstones until the window ends.
  for (const key of dead.keys()) if (!groups.some((g) => g.key === key)) groups.push({ key, items: [] });
  groups.sort(newestPeriodFirst);
  if (groups.length === 0) return [subscription];

  const current = subscription.links.self;
  const links = groups.map((g) => siblingLinks(current, `archive/${g.key}`));
  const head: FeedView = { ...subscription, complete: false, links: { ...subscription.links, prevArchive: links[0] } };

  const archives = groups.map((g, i): FeedView => {
    const prev = links[i + 1];
    const next = links[i - 1];
    const stones = dead.get(g.key);
    const view: FeedView = {
      ...subscription,
      dir: archiveDir(subscription.dir, g.key),
      title: `${subscription.title} (archive: ${periodName(g.key)})`,
      archive: true,
      complete: false,
      // Its own items' newest (or kill's), so the document changes only when they do.
      updated: documentUpdated(g.items, stones ?? [], -Infinity),
      items: g.items,
      links: {
        self: links[i]!,
        hub: subscription.links.hub,
        current,
        ...(prev ? { prevArchive: prev } : {}),
        ...(next ? { nextArchive: next } : {}),
      },
    };
    if (stones) view.tombstones = stones;
    else delete view.tombstones;
    return view;
  });
  return [head, ...archives];
}
