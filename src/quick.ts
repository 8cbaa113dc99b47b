// `wirefeed build` when nothing changed: under the lock, the cache's quick check (see
// cache/quick.ts), and the last run's counts and problems, without loading build.ts and the
// parsers and renderers behind it. When something changed, the lock and the listing taken
// under it are handed to build() (BuildOptions.handover): still one listing, one lock.
import type { BuildOptions, BuildResult } from './build.js';
import { quickRecord, quickUnchanged } from './cache/quick.js';
import { takeLock } from './locked.js';
import { emptyResult } from './result.js';

export type QuickOutcome =
  | { unchanged: true; result: BuildResult }
  /** The full build decides; `handover`, when present, must be passed to it (or its lock released). */
  | { unchanged: false; result: BuildResult; handover?: NonNullable<BuildOptions['handover']> };

export async function quickBuild(options: BuildOptions & { configFile: string; cacheDir: string }): Promise<QuickOutcome> {
  const result: BuildResult = emptyResult();

  const record = options.config || options.write === false || options.force ? undefined : quickRecord(options);
  if (!record) return { unchanged: false, result };
  // A lock refused is answered by the full run, which reports it as it always has.
  const lock = await takeLock(options.outDir, result);
  if (!lock) return { unchanged: false, result };
  let quick;
  try {
    quick = await quickUnchanged(options, record);
  } catch (err) {
    await lock.release();
    throw err;
  }
  const last = quick.unchanged;
  if (!last || (options.strict && last.problems.length > 0)) {
    if (quick.listed) return { unchanged: false, result, handover: { lock, listing: quick.listed, survey: quick.survey } };
    await lock.release();
    return { unchanged: false, result };
  }
  await lock.release();
  // As buildLocked answers a run where nothing changed.
  result.problems = last.problems;
  result.warnings.push(...(last.notes ?? []));
  result.counts = last.counts as BuildResult['counts'];
  result.report.unchanged = [...last.outputs].sort();
  result.exitCode = last.counts.skipped! > 0 ? 1 : 0;
  return { unchanged: true, result };
}
