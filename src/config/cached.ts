// A run with a cache takes its validated config from there while the config's text (and
// wirefeed's code) is the one validated: a cron run after one new story otherwise loads the
// YAML parser and the config schema and validates the same text again, some 70 ms of a
// second's run. Any other text is parsed as always (load.ts); a broken config is never kept.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { jobDir } from '../cache/quick.js';
import { codeStamp } from '../cache/run.js';
import { CACHE_VERSION, digest, readCacheFile, writeCacheFile } from '../cache/store.js';
import type { ConfigResult } from './load.js';
import type { Config } from './schema.js';

/** Where the cache keeps a job's config (the job's folder: its items and out/): replaced when the text changes. */
export const configStore = (cacheDir: string, job: { itemsDir: string; outDir: string }) => path.join(jobDir(cacheDir, job.itemsDir, job.outDir), 'config.json');

export async function loadConfigCached(file: string, cache: { dir: string; itemsDir: string; outDir: string } | undefined): Promise<ConfigResult> {
  const cacheDir = cache?.dir;
  let text: string | undefined;
  if (cacheDir) {
    try {
      text = await readFile(file, 'utf8');
    } catch {
      // load.ts says what is wrong with the file.
    }
  }
  if (!cacheDir || text === undefined) return (await import('./load.js')).loadConfig(file);
  const key = digest(String(CACHE_VERSION), codeStamp(), text);
  const store = configStore(cacheDir, cache);
  let kept: { data: Config } | undefined;
  let usable = true;
  try {
    kept = readCacheFile<Config>(store, 'config', key);
  } catch {
    // Not a regular file (readCacheFile refuses it): parsed, and nothing written there.
    usable = false;
  }
  if (kept) return { ok: true, config: kept.data, text };
  const parsed = (await import('./load.js')).parseConfig(text, file);
  if (!parsed.ok) return parsed;
  if (usable) {
    try {
      writeCacheFile(store, 'config', key, parsed.config);
    } catch {
      // A cache that cannot be written costs the next run time, never correctness.
    }
  }
  return { ...parsed, text };
}
