// Removes the private folders a run no longer writes: partners/<token>/ of a rotated secret,
// of a partner taken out of the config, or of one whose secret is gone. Only entries directly
// under out/partners/ are touched, never through a link: a symlink is removed as a link, a
// folder with everything in it (fs.rm does not follow links inside it either).
import { lstat, readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_ROOT } from '../partners/access.js';
import { resolveInside } from './write.js';

export interface PruneResult {
  /** How many stale entries were removed (never their names: an old token is still a URL). */
  removed: number;
  warnings: string[];
}

/** Call under the run's lock, after the new documents are in place. `keep`: the tokens whose folders stay. */
export async function prunePrivate(outDir: string, keep: ReadonlySet<string>): Promise<PruneResult> {
  const result: PruneResult = { removed: 0, warnings: [] };
  const dir = resolveInside(outDir, PRIVATE_ROOT);
  let st;
  try {
    st = await lstat(dir);
  } catch {
    return result; // no private folder: nothing to remove
  }
  if (!st.isDirectory()) {
    result.warnings.push(`${path.join(outDir, PRIVATE_ROOT)} is not a folder (a link?): stale partner folders were not removed`);
    return result;
  }
  for (const name of await readdir(dir)) {
    // Hidden entries are temp files; removeStrayTemps judges them.
    if (keep.has(name) || name.startsWith('.')) continue;
    const abs = resolveInside(outDir, `${PRIVATE_ROOT}/${name}`);
    try {
      await rm(abs, { recursive: true, force: true });
      result.removed++;
    } catch (err) {
      result.warnings.push(`a stale partner folder under ${path.join(outDir, PRIVATE_ROOT)} could not be removed (${(err as NodeJS.ErrnoException).code})`);
    }
  }
  if (keep.size === 0) await rmdir(dir).catch(() => {}); // empty now: nothing private is published
  return result;
}
