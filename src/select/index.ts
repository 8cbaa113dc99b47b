// One FeedView per document: the main feed, and (when configured) tag and partner feeds.
import { archivedFeed, documentUpdated } from '../archive.js';
import { byNewest, byUpdated, newest, tombstoneOf, type Catalog, type Kill, type Order } from '../catalog.js';
import type { Config } from '../config/schema.js';
import { filePath } from '../render/index.js';
import { slugify } from '../render/entry.js';
import type { FeedView, Format, Item } from '../types.js';

export const GENERATOR = 'wirefeed';

/** The absolute URL of a file under out/. */
export function feedUrl(config: Config, path: string): string {
  const base = config.site.feeds_base.endsWith('/') ? config.site.feeds_base : `${config.site.feeds_base}/`;
  return new URL(path, base).href;
}

export function selfLinks(config: Config, dir: string): Record<Format, string> {
  return {
    rss: feedUrl(config, filePath(dir, 'rss')),
    atom: feedUrl(config, filePath(dir, 'atom')),
    json: feedUrl(config, filePath(dir, 'json')),
  };
}

/** The newest `updated` of the items; an empty document falls back to the whole catalog's. */
export function newestUpdate(items: readonly Item[], fallback: number): number {
  let max = -Infinity;
  for (const i of items) if (i.updated > max) max = i.updated;
  return max === -Infinity ? fallback : max;
}

/** The order of the main and tag feeds (config feed.order); partner feeds always take byUpdated. */
const siteOrder = (config: Config): Order => (config.feed.order === 'updated' ? byUpdated : byNewest);

export interface ViewSpec {
  dir: string;
  title: string;
  description: string;
  formats: Format[];
  /** Newest first when `archive` (its pages take what follows the first `limit`); else in any order. */
  items: Item[];
  limit: number;
  fullText?: boolean;
  blockedImages?: string[];
  /** RFC 5005: keep the items beyond `limit` in archive documents (see feedDocuments). */
  archive?: boolean;
  /** Newest first: byNewest (published) unless given. With `archive`, `items` are in this order. */
  order?: Order;
  /** The killed stories this feed carried (or would carry, had they not been killed). */
  killed?: Kill[];
}

/** The parts every document of this site shares, filled in around a spec. */
export function makeView(config: Config, spec: ViewSpec, catalogUpdated: number): FeedView {
  // With archives the items are in `order` already: the newest are the first (at 20,000 items, no pass per feed).
  const items = spec.archive ? spec.items.slice(0, Math.max(0, spec.limit)) : newest(spec.items, spec.limit, spec.order);
  // Every kill the feed carried, whatever its age: a reader polling only this document learns of each.
  const tombstones = (spec.killed ?? []).map(tombstoneOf);
  const view: FeedView = {
    dir: spec.dir,
    formats: spec.formats,
    title: spec.title,
    description: spec.description,
    homeUrl: config.site.home,
    language: config.site.language,
    generator: GENERATOR,
    links: { self: selfLinks(config, spec.dir), hub: config.hub },
    archive: false,
    complete: items.length === spec.items.length,
    updated: documentUpdated(items, tombstones, catalogUpdated),
    items,
    fullText: spec.fullText ?? true,
    blockedImages: spec.blockedImages ?? [],
  };
  if (config.site.rights) view.rights = config.site.rights;
  if (config.site.icon) view.icon = config.site.icon;
  if (config.site.tag_url) view.tagUrl = config.site.tag_url;
  if (tombstones.length > 0) view.tombstones = tombstones;
  return view;
}

/** A feed's documents: its subscription document, then (when the spec keeps archives) its archive pages. */
export function feedDocuments(config: Config, spec: ViewSpec, catalogUpdated: number): FeedView[] {
  const view = makeView(config, spec, catalogUpdated);
  if (!spec.archive) return [view];
  const order = spec.order ?? byNewest;
  // Its archive pages also name the kills that, live, would be on them (not among the newest `limit`).
  const last = view.items.length >= spec.limit ? view.items[spec.limit - 1] : undefined;
  const archived = last ? (spec.killed ?? []).filter((k) => order(k.item, last) > 0).map(tombstoneOf) : [];
  return archivedFeed(view, spec.items.slice(spec.limit), config.archive.period, archived);
}

function mainSpec(cat: Catalog, config: Config, limit: number): ViewSpec {
  return {
    dir: '',
    title: config.feed.title ?? config.site.title,
    description: config.site.description ?? config.site.title,
    formats: config.feed.formats,
    items: itemsFor(cat, config.archive.enabled, siteOrder(config)),
    limit,
    archive: config.archive.enabled,
    order: siteOrder(config),
    killed: cat.killed,
  };
}

/**
 * The catalog's items for a feed: in `order` when it keeps archives (they are split after the
 * first `limit`), else in any order (makeView picks the newest).
 */
export function itemsFor(cat: Catalog, archive: boolean, order: Order): Item[] {
  return !archive ? cat.pool : order === byUpdated ? cat.itemsByUpdated : cat.items;
}

/** The main feed's subscription document (selectViews adds its archive pages). */
export function selectMain(cat: Catalog, config: Config, limit = config.feed.limit): FeedView {
  return makeView(config, mainSpec(cat, config, limit), newestUpdate(cat.pool, 0));
}

export function selectTags(cat: Catalog, config: Config, limit = config.feed.limit): FeedView[] {
  const updated = newestUpdate(cat.pool, 0);
  const archive = config.archive.enabled && config.archive.tags;
  const order = siteOrder(config);
  const byTag = taggedItems(itemsFor(cat, archive, order), config.tags.map((t) => t.tag));
  const killedByTag = taggedItems(cat.killed, config.tags.map((t) => t.tag), (k) => k.item);
  return config.tags.flatMap(({ tag, title }) => {
    const slug = slugify(tag);
    return feedDocuments(
      config,
      {
        dir: `tags/${slug}`,
        title: title ?? `${config.site.title}: ${tag}`,
        description: `Stories tagged ${tag} from ${config.site.title}.`,
        formats: config.feed.formats,
        items: byTag.get(slug)!,
        limit,
        archive,
        order,
        killed: killedByTag.get(slug)!,
      },
      updated,
    );
  });
}

/**
 * Each configured tag's share of `list`, by slug, in the list's order: tags match by slug, so
 * "Göteborg" and "goteborg" are one feed, and a kill goes where its story was. One pass, each
 * distinct tag text slugified once (not every item's tags once per configured tag).
 */
export function taggedItems<T>(list: readonly T[], tags: readonly string[], itemOf: (t: T) => Item = (t) => t as unknown as Item): Map<string, T[]> {
  const byTag = new Map<string, T[]>(tags.map((t) => [slugify(t), []]));
  const slugs = new Map<string, T[] | null>();
  for (const entry of list) {
    for (const t of itemOf(entry).tags) {
      let share = slugs.get(t);
      if (share === undefined) slugs.set(t, (share = byTag.get(slugify(t)) ?? null));
      // Two of an item's tags with one slug take it once.
      if (share && share[share.length - 1] !== entry) share.push(entry);
    }
  }
  return byTag;
}

export function selectViews(cat: Catalog, config: Config, limit = config.feed.limit): FeedView[] {
  return [...feedDocuments(config, mainSpec(cat, config, limit), newestUpdate(cat.pool, 0)), ...selectTags(cat, config, limit)];
}
