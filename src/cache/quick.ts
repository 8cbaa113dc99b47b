// The check "nothing changed", before the config is parsed: a cron run with nothing to do
// lists and stats the items folder and loads neither the YAML parser, the schema library,
// Markdown nor the HTML sanitizer (see src/quick.ts). It trusts the last run's record only
// when the config's text, --limit and the code are byte for byte the ones that run had:
// anything else goes the full way (which parses the config and checks again).
import path from 'node:path';
import { listItemFiles } from '../items/load.js';
import { readRegularSync } from '../publish/guard.js';
import { startSurvey, type OutSurvey } from '../publish/survey.js';
import { codeStamp, listingDigest, RunMemory, type RunState } from './run.js';
import { CACHE_VERSION, digest } from './store.js';

export const DEFAULT_CACHE_DIR = '.wirefeed-cache';

/** A job's folder in the cache: by its items and output folders, so several sites can share one cache. */
export const jobDir = (root: string, itemsDir: string, outDir: string): string =>
  path.join(root, digest(path.resolve(itemsDir), path.resolve(outDir)).slice(0, 16));

/**
 * What the output depends on, known without parsing the config: its text, --limit, --strict,
 * the partners' tokens (the secrets file) and the code.
 */
export function quickKey(
  configText: string,
  run: { limit?: number; strict?: boolean; access?: { tokens: ReadonlyMap<string, string>; newsroom?: unknown } },
): string {
  const access = run.access && { tokens: [...run.access.tokens], newsroom: run.access.newsroom };
  return digest(String(CACHE_VERSION), codeStamp(), configText, JSON.stringify([run.limit ?? null, run.strict ?? false, access ?? null]));
}

export interface QuickJob {
  configFile: string;
  itemsDir: string;
  outDir: string;
  cacheDir: string;
  now: number;
  limit?: number;
  strict?: boolean;
  access?: { tokens: ReadonlyMap<string, string>; newsroom?: unknown };
}

/**
 * The last run's record when it was made with this config text, --limit and code (no lock
 * needed: it reads only the config and the cache). Undefined for anything else, a broken
 * config included (no run that succeeded had its text), so such a run touches nothing here.
 */
export function quickRecord(job: QuickJob): { file: string; key: string } | undefined {
  let text: string;
  let envelope: { wirefeedCache?: unknown; kind?: unknown; key?: unknown; data?: { quick?: unknown } } | null;
  const file = path.join(jobDir(job.cacheDir, job.itemsDir, job.outDir), 'run.json');
  try {
    // Regular files only (a FIFO would block the run): anything else is for the full run to refuse.
    const config = readRegularSync(job.configFile, 'the config');
    const run = config && readRegularSync(file, 'a cache file');
    if (!config || !run) return undefined;
    text = config.toString('utf8');
    envelope = JSON.parse(run.toString('utf8')) as typeof envelope;
  } catch {
    return undefined;
  }
  if (!envelope || envelope.wirefeedCache !== CACHE_VERSION || envelope.kind !== 'run' || typeof envelope.key !== 'string') return undefined;
  if (envelope.data?.quick !== quickKey(text, job)) return undefined;
  return { file, key: envelope.key };
}

/** Under the lock: the last run's state when this run would do exactly what it did; undefined when only the full run can tell. */
export async function quickUnchanged(
  job: QuickJob,
  record: { file: string; key: string },
): Promise<{ unchanged?: RunState; listed?: Awaited<ReturnType<typeof listItemFiles>>; survey?: () => Promise<OutSurvey> }> {
  // out/ is surveyed on another thread while this one lists the items: the outputs' stamps are
  // then known when the listing turns out the same (and a run with changes takes the survey over).
  const survey = startSurvey(job.outDir);
  let listed;
  try {
    listed = await listItemFiles(job.itemsDir);
  } catch {
    // A missing or unreadable items folder: the full run says so, with its exit code.
    return {};
  }
  // Read again under the lock (RunMemory checks the key): a run that finished meanwhile is seen.
  const memory = new RunMemory(record.file, record.key, job.outDir);
  const listing = listingDigest(listed.files, listed.problems);
  if (memory.mayBeUnchanged(listing, job.now)) memory.know(await survey());
  return { unchanged: memory.unchanged(listing, job.now), listed, survey };
}
