// FeedView → the files of that document, one per configured format.
import type { Format, FeedView, RenderedFeed } from '../types.js';
import { renderAtom } from './atom.js';
import { toEntry, type Entry } from './entry.js';
import { renderJsonFeed } from './jsonfeed.js';
import { ninjsPaths, renderNinjs } from './ninjs.js';
import { renderRss } from './rss.js';

export interface RenderOptions {
  sanitize: boolean;
  allowDataImages: boolean;
}

export const FILES: Record<Format, { name: string; contentType: string; render: (v: FeedView, e: Entry[]) => string }> = {
  rss: { name: 'rss.xml', contentType: 'application/rss+xml; charset=utf-8', render: renderRss },
  atom: { name: 'atom.xml', contentType: 'application/atom+xml; charset=utf-8', render: renderAtom },
  json: { name: 'feed.json', contentType: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
};

export const filePath = (dir: string, format: Format) => (dir ? `${dir}/${FILES[format].name}` : FILES[format].name);

export function renderView(view: FeedView, opts: RenderOptions): RenderedFeed[] {
  // The mapping runs once per document; each format only writes the entries out.
  const entries = view.items.map((item) => toEntry(item, view, opts));
  const feeds = view.formats.map((format) => ({
    path: filePath(view.dir, format),
    contentType: FILES[format].contentType,
    body: FILES[format].render(view, entries),
  }));
  return view.ninjs ? [...feeds, ...renderNinjs(view, entries)] : feeds;
}

/** Every file renderView writes for a view, known without rendering it. */
export function viewPaths(view: FeedView): string[] {
  return [...view.formats.map((f) => filePath(view.dir, f)), ...ninjsPaths(view)];
}

export { renderAtom, renderJsonFeed, renderRss, toEntry };
export { toTombstone, type TombstoneEntry } from './entry.js';
export { tombstonesOf } from './tombstones.js';
export { atomParts } from './atom.js';
export { jsonFeedParts } from './jsonfeed.js';
export { rssParts } from './rss.js';
