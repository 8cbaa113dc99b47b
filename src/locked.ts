// One run at a time: the lock held from before the items are read until the last rename, so
// a slower run can never publish an older snapshot over a newer one. Shared by build() and
// the quick "nothing changed" run (quick.ts), which must not load build.ts to take it, and
// which hands the lock (and the listing it took under it) to build() when something changed.
import { NotRegularError } from './publish/guard.js';
import { acquireLock, LockError, LockHeldError, type Lock } from './publish/lock.js';
import { removeStrayTemps } from './publish/write.js';
import type { BuildResult } from './build.js';

/**
 * Take out/'s lock and clear a killed run's temp files; a lock refused is the result's fatal
 * (75, 73) and undefined is returned. The caller releases the lock.
 */
export async function takeLock(outDir: string, result: BuildResult): Promise<Lock | undefined> {
  let lock: Lock;
  try {
    lock = await acquireLock(outDir);
  } catch (err) {
    if (err instanceof LockHeldError) {
      result.fatal = `${err.message}: nothing written`;
      result.exitCode = 75;
      return undefined;
    }
    if (err instanceof LockError || err instanceof NotRegularError) {
      result.fatal = `${err.message}: nothing written`;
      result.exitCode = 73;
      return undefined;
    }
    throw err;
  }
  try {
    if (lock.tookOver) {
      const o = lock.tookOver.owner;
      result.warnings.push(
        `took over a stale lock ${lock.file}` +
          `${o ? ` (pid ${o.pid} on ${o.host}, since ${o.started})` : ''}: ${lock.tookOver.reason}`,
      );
    }
    // A run that ended normally left no temp: only one stopped mid-write (its lock or its
    // staging mark still there) has out/ searched folder by folder.
    const strays = await removeStrayTemps(outDir, lock.tookOver !== undefined);
    if (strays.length > 0) {
      result.report.strayTemps = strays;
      const shown = strays.slice(0, 5).join(', ') + (strays.length > 5 ? `, and ${strays.length - 5} more` : '');
      result.warnings.push(`removed ${strays.length} temp file${strays.length === 1 ? '' : 's'} left by an interrupted run: ${shown}`);
    }
  } catch (err) {
    await lock.release();
    throw err;
  }
  return lock;
}

/** Run `body` under out/'s lock (taken here, or `held`: handed over by the quick check), and release it. */
export async function underLock(outDir: string, result: BuildResult, body: () => Promise<void>, held?: Lock): Promise<void> {
  const lock = held ?? (await takeLock(outDir, result));
  if (!lock) return;
  try {
    await body();
  } finally {
    await lock.release();
  }
}
