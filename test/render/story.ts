// The story the lifecycle and dcterms tests follow through the main documents, kept in one
// place so that both read the same catalog (a 30-day tombstone window) and render options.
import { catalog, DAY_MS } from '../../src/catalog.js';
import { renderView } from '../../src/render/index.js';
import { selectMain } from '../../src/select/index.js';
import type { Config } from '../../src/config/schema.js';
import type { Item } from '../../src/types.js';
import { makeItem } from '../helpers/item.js';
import { repoConfig } from '../helpers/site.js';

export const ms = Date.parse;
export const NOW = ms('2026-11-26T12:00:00Z');
export const config: Config = { ...repoConfig(), partners: [] };
export const OPTS = { sanitize: true, allowDataImages: false };

export const story = (over: Partial<Item> = {}) =>
  makeItem({
    file: 'items/tt.md',
    id: 'TT:2026-0042',
    url: 'https://news.example.org/2026/11/20/storm',
    title: 'Storm',
    published: ms('2026-11-20T10:00:00Z'),
    updated: ms('2026-11-20T10:00:00Z'),
    body: { format: 'markdown', text: 'The bridge closed.' },
    ...over,
  });

/** The main view and its RSS, Atom and JSON Feed documents as written. */
export function mainFiles(items: Item[], now = NOW, cfg = config) {
  const view = selectMain(catalog(items, now, undefined, { tombstoneMs: 30 * DAY_MS }), cfg);
  const out = Object.fromEntries(renderView(view, OPTS).map((f) => [f.path, f.body]));
  return { view, rss: out['rss.xml']!, atom: out['atom.xml']!, json: out['feed.json']! };
}
