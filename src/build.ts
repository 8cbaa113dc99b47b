// The whole run as a library call: load → catalog → select → render → publish.
// The clock is an input (`now`); nothing here reads it.
import { catalog, type Catalog } from './catalog.js';
import { loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { loadItems, ItemsFolderError } from './items/load.js';
import { publish, type PublishReport } from './publish/write.js';
import { renderView } from './render/index.js';
import { selectViews } from './select.js';
import type { FeedView, Problem, RenderedFeed } from './types.js';

export interface BuildOptions {
  /** Path of wirefeed.config.yaml (ignored when `config` is given). */
  configFile?: string;
  config?: Config;
  itemsDir: string;
  outDir: string;
  /** epoch ms: embargoes, expiry and future-dated items are judged against it. */
  now: number;
  /** Overrides the config's feed.limit. */
  limit?: number;
  /** Any skipped item: write nothing (exit 65). */
  strict?: boolean;
  /** false: validate and render, write nothing (`wirefeed check`). */
  write?: boolean;
}

export interface BuildResult {
  /** sysexits: 0 done, 1 built with items skipped, 65 strict and items skipped, 66 no items folder, 78 bad config, 73 cannot write */
  exitCode: number;
  problems: Problem[];
  /** A fatal message (bad config, no items folder, a failed write). */
  fatal?: string;
  counts: { files: number; items: number; skipped: number; held: number; withdrawn: number; expired: number };
  views: FeedView[];
  rendered: RenderedFeed[];
  report: PublishReport;
}

const empty = (): BuildResult => ({
  exitCode: 0,
  problems: [],
  counts: { files: 0, items: 0, skipped: 0, held: 0, withdrawn: 0, expired: 0 },
  views: [],
  rendered: [],
  report: { written: [], unchanged: [] },
});

/** Everything a run renders from a catalog: the pure middle of the pipeline. */
export function renderSite(cat: Catalog, config: Config, limit?: number): { views: FeedView[]; rendered: RenderedFeed[] } {
  const views = selectViews(cat, config, limit);
  const opts = { sanitize: config.html.sanitize, allowDataImages: config.html.allow_data_images };
  return { views, rendered: views.flatMap((v) => renderView(v, opts)) };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const result = empty();
  let config = options.config;
  if (!config) {
    const loaded = await loadConfig(options.configFile ?? 'wirefeed.config.yaml');
    if (!loaded.ok) {
      result.problems = loaded.problems;
      result.fatal = 'bad config: nothing written';
      result.exitCode = 78;
      return result;
    }
    config = loaded.config;
  }

  let loaded;
  try {
    loaded = await loadItems(options.itemsDir, { author: config.site.default_author });
  } catch (err) {
    if (!(err instanceof ItemsFolderError)) throw err;
    result.fatal = `${err.message}: nothing written`;
    result.exitCode = 66;
    return result;
  }
  const cat = catalog(loaded.items, options.now);
  result.problems = [...loaded.problems, ...cat.problems];
  const skipped = new Set(result.problems.filter((p) => p.severity === 'error').map((p) => p.file));
  result.counts = {
    files: loaded.files,
    items: cat.items.length,
    skipped: skipped.size,
    held: cat.held.length,
    withdrawn: cat.withdrawn.length,
    expired: cat.expired.length,
  };
  if (options.strict && skipped.size > 0) {
    result.fatal = `${skipped.size} item${skipped.size === 1 ? '' : 's'} skipped with --strict: nothing written`;
    result.exitCode = 65;
    return result;
  }

  const { views, rendered } = renderSite(cat, config, options.limit);
  result.views = views;
  result.rendered = rendered;
  if (options.write !== false) result.report = await publish(options.outDir, rendered);
  result.exitCode = skipped.size > 0 ? 1 : 0;
  return result;
}
