// The repository's own config and items, rendered the way `wirefeed build` renders them,
// without touching the file system beyond reading.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog } from '../../src/catalog.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { loadItems } from '../../src/items/load.js';
import { parseItem } from '../../src/items/parse.js';
import { renderView } from '../../src/render/index.js';
import { selectMain } from '../../src/select/index.js';
import type { FeedView, Item } from '../../src/types.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ITEMS_DIR = path.join(REPO, 'items');
export const FIXTURES = path.join(REPO, 'test/fixtures/render');
/** The `--now` of every test render: after the last sample item. */
export const NOW = Date.parse('2026-11-26T12:00:00Z');

export function repoConfig(): Config {
  const file = path.join(REPO, 'wirefeed.config.yaml');
  const result = parseConfig(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(`wirefeed.config.yaml: ${JSON.stringify(result.problems)}`);
  return result.config;
}

export async function sampleItems(config = repoConfig()): Promise<Item[]> {
  const { items, problems } = await loadItems(ITEMS_DIR, { author: config.site.default_author });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`items/ has problems: ${JSON.stringify(errors)}`);
  return items;
}

/** One fixture file of test/fixtures/render, loaded as the loader would. */
export function fixtureItem(name: string, config = repoConfig()): Item {
  const file = path.join(FIXTURES, name);
  const result = parseItem(readFileSync(file, 'utf8'), `test/fixtures/render/${name}`, { author: config.site.default_author });
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
  return result.item;
}

export interface Rendered {
  view: FeedView;
  rss: string;
  atom: string;
  json: string;
}

/** The main feed of `items` under `config`, in all three formats, every item included. */
export function renderMain(items: readonly Item[], config = repoConfig()): Rendered {
  const cat = catalog(items, NOW);
  const view = selectMain(cat, { ...config, feed: { ...config.feed, formats: ['rss', 'atom', 'json'] } }, Math.max(1, items.length));
  const files = renderView(view, { sanitize: config.html.sanitize, allowDataImages: config.html.allow_data_images });
  const body = (name: string) => files.find((f) => f.path === name)!.body;
  return { view, rss: body('rss.xml'), atom: body('atom.xml'), json: body('feed.json') };
}
