// One FeedView per document: the main feed, and (when configured) tag and partner feeds.
import { archivedFeed } from '../archive.js';
import { newest, type Catalog } from '../catalog.js';
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
}

/** The parts every document of this site shares, filled in around a spec. */
export function makeView(config: Config, spec: ViewSpec, catalogUpdated: number): FeedView {
  const items = newest(spec.items, spec.limit);
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
    updated: newestUpdate(items, catalogUpdated),
    items,
    fullText: spec.fullText ?? true,
    blockedImages: spec.blockedImages ?? [],
  };
  if (config.site.rights) view.rights = config.site.rights;
  if (config.site.icon) view.icon = config.site.icon;
  if (config.site.tag_url) view.tagUrl = config.site.tag_url;
  return view;
}

/** A feed's documents: its subscription document, then (when the spec keeps archives) its archive pages. */
export function feedDocuments(config: Config, spec: ViewSpec, catalogUpdated: number): FeedView[] {
  const view = makeView(config, spec, catalogUpdated);
  return spec.archive ? archivedFeed(view, spec.items.slice(spec.limit), config.archive.period) : [view];
}

function mainSpec(cat: Catalog, config: Config, limit: number): ViewSpec {
  return {
    dir: '',
    title: config.feed.title ?? config.site.title,
    description: config.site.description ?? config.site.title,
    formats: config.feed.formats,
    items: config.archive.enabled ? cat.items : cat.pool,
    limit,
    archive: config.archive.enabled,
  };
}

/** The main feed's subscription document (selectViews adds its archive pages). */
export function selectMain(cat: Catalog, config: Config, limit = config.feed.limit): FeedView {
  return makeView(config, mainSpec(cat, config, limit), newestUpdate(cat.pool, 0));
}

export function selectTags(cat: Catalog, config: Config, limit = config.feed.limit): FeedView[] {
  const updated = newestUpdate(cat.pool, 0);
  const archive = config.archive.enabled && config.archive.tags;
  return config.tags.flatMap(({ tag, title }) => {
    const slug = slugify(tag);
    return feedDocuments(
      config,
      {
        dir: `tags/${slug}`,
        title: title ?? `${config.site.title}: ${tag}`,
        description: `Stories tagged ${tag} from ${config.site.title}.`,
        formats: config.feed.formats,
        // Tags match by slug, so "Göteborg" and "goteborg" are one feed.
        items: (archive ? cat.items : cat.pool).filter((i) => i.tags.some((t) => slugify(t) === slug)),
        limit,
        archive,
      },
      updated,
    );
  });
}

export function selectViews(cat: Catalog, config: Config, limit = config.feed.limit): FeedView[] {
  return [...feedDocuments(config, mainSpec(cat, config, limit), newestUpdate(cat.pool, 0)), ...selectTags(cat, config, limit)];
}
