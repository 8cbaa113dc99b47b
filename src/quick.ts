// `wirefeed build` when nothing changed: under the lock, the cache's quick check (see
// cache/quick.ts), and the last run's counts and problems, without loading build.ts and the
// parsers and renderers behind it. `unchanged: false`: the full build decides (and reports
// what this one's lock did: a stale lock taken over, temp files removed).
import type { BuildOptions, BuildResult } from './build.js';
import { quickRecord, quickUnchanged } from './cache/quick.js';
import { underLock } from './locked.js';

export async function quickBuild(options: BuildOptions & { configFile: string; cacheDir: string }): Promise<{ unchanged: boolean; result: BuildResult }> {
  const result: BuildResult = {
    exitCode: 0,
    problems: [],
    counts: { files: 0, items: 0, skipped: 0, held: 0, withdrawn: 0, expired: 0 },
    views: [],
    rendered: [],
    report: { written: [], unchanged: [] },
    warnings: [],
    pings: [],
    held: [],
  };
  const record = options.config || options.write === false || options.force ? undefined : quickRecord(options);
  if (!record) return { unchanged: false, result };
  let done = false;
  await underLock(options.outDir, result, async () => {
    const last = await quickUnchanged(options, record);
    if (!last || (options.strict && last.problems.length > 0)) return;
    // As buildLocked answers a run where nothing changed.
    result.problems = last.problems;
    result.counts = last.counts as BuildResult['counts'];
    result.report.unchanged = Object.keys(last.outputs).sort();
    result.exitCode = last.counts.skipped! > 0 ? 1 : 0;
    done = true;
  });
  // A lock refused is answered by the full run, which reports it as it always has.
  return { unchanged: done, result };
}
