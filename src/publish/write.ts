// Writes output files: only those whose bytes changed, each through a temp file in the
// same folder, fsynced, then renamed over the old one, and the folder fsynced.
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { RenderedFeed } from '../types.js';
import { checkTargets, readRegular } from './guard.js';
import { pendingIsStale } from './lock.js';

export interface PublishReport {
  written: string[];
  unchanged: string[];
  /** Temp files a killed run left behind, removed before this run wrote (paths under out/). */
  strayTemps?: string[];
  /** Stale private folders removed (prune.ts): a count, as their names are old capability URLs. */
  removed?: number;
  /** Archive documents of periods left with no item, removed after the renames (paths under out/). */
  archivesRemoved?: string[];
}

export class PublishError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: NodeJS.ErrnoException,
    /** Files already renamed into place when the failure came (only a failing rename or fsync). */
    readonly switched: readonly string[] = [],
  ) {
    super(`${file}: cannot write (${describeErrno(cause)})`);
  }
}

const ERRNO: Record<string, string> = {
  ENOSPC: 'ENOSPC: no space left on the device',
  EDQUOT: 'EDQUOT: disk quota exceeded',
  EROFS: 'EROFS: the file system is read-only',
  EACCES: 'EACCES: permission denied',
  EPERM: 'EPERM: operation not permitted',
  EIO: 'EIO: input/output error',
};
const describeErrno = (e: NodeJS.ErrnoException) => (e.code ? (ERRNO[e.code] ?? e.code) : e.message);

/** `.rss.xml.0123456789ab.tmp`: the temp name stage() gives; nothing else in out/ looks like it. */
export const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Walk out/ without following links: `visit` each entry that is not a folder, by its path under
 * out/, then `done` each folder once its entries are visited. A folder that cannot be read (or no
 * out/ yet) is passed over: nothing of ours to clean there.
 */
async function walkOut(
  outDir: string,
  hidden: boolean,
  visit: (e: Dirent, abs: string, rel: string) => Promise<void>,
  done?: (abs: string, rel: string) => Promise<void>,
): Promise<void> {
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!hidden && e.name.startsWith('.')) continue;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), relPath);
      else await visit(e, path.join(dir, e.name), relPath);
    }
    await done?.(dir, rel);
  };
  await walk(path.resolve(outDir), '');
}

/**
 * Remove the temp files a killed run left in out/ (and its subfolders). Call only while
 * holding the lock: another live run's temps look the same.
 */
export async function removeStrayTemps(outDir: string): Promise<string[]> {
  const removed: string[] = [];
  await walkOut(outDir, true, async (e, abs, rel) => {
    if (TEMP_NAME.test(e.name) || (rel === e.name && pendingIsStale(e.name))) {
      await rm(abs, { force: true });
      removed.push(rel);
    }
  });
  return removed.sort();
}

/** An archive document wirefeed writes: `[feed/]archive/<yyyy>[-<mm>]/<format file>`. */
const ARCHIVE_DOC = /(?:^|\/)archive\/\d{4}(?:-\d{2})?\/(?:rss\.xml|atom\.xml|feed\.json)$/;
/** A partner's ninjs story document (`…/ninjs/<slug>-<12 hex>.json`) or index page (`…/ninjs/archive/<period>.json`). */
const NINJS_DOC = /(?:^|\/)ninjs\/(?:[a-z0-9-]*-[0-9a-f]{12}|archive\/\d{4}(?:-\d{2})?)\.json$/;
const stale = (relPath: string) => ARCHIVE_DOC.test(relPath) || NINJS_DOC.test(relPath);

/**
 * Remove the archive documents under out/ that this run did not render (`keep`): their period
 * has no item left, so a withdrawn or expired story would live on in them. The same for a
 * partner's ninjs story documents and index pages: a story's document goes once its story has
 * left the partner (withdrawn or expired past its tombstone window, deleted, or no longer cleared). Links are not
 * followed; the emptied period folder goes too. Call only while holding the lock.
 */
export async function removeStaleArchives(outDir: string, keep: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  await walkOut(
    outDir,
    false,
    async (e, abs, rel) => {
      if (e.isFile() && stale(rel) && !keep.has(rel)) {
        await rm(abs, { force: true });
        removed.push(rel);
      }
    },
    async (dir, rel) => {
      if (removed.some((r) => r.startsWith(`${rel}/`)) && ARCHIVE_DOC.test(`${rel}/feed.json`)) await rmdir(dir).catch(() => {});
    },
  );
  return removed.sort();
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Refuses any path that would leave out/: whatever an item or config says. */
export function resolveInside(outDir: string, rel: string): string {
  const root = path.resolve(outDir);
  const abs = path.resolve(root, rel);
  if (rel.includes('\0') || path.isAbsolute(rel) || !abs.startsWith(root + path.sep)) throw new Error(`refusing to write outside the output folder: ${rel}`);
  return abs;
}

async function unchanged(abs: string, body: Buffer): Promise<boolean> {
  try {
    const old = await readRegular(abs, 'a feed file');
    return old !== undefined && old.equals(body);
  } catch {
    return false;
  }
}

/** Write one file's new bytes to a synced temp file beside it; returns the temp path. */
export async function stage(abs: string, body: Buffer): Promise<string> {
  await mkdir(path.dirname(abs), { recursive: true });
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      // Some file systems (NFS) report a full disk only on close: that is a failed write too.
      await handle.close();
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return tmp;
}

/**
 * Publish files. All changed files are staged first; only when every one is on disk are
 * they renamed into place, so the formats of a feed switch together and a failed write
 * leaves every old file as it was.
 */
export async function publish(outDir: string, files: readonly RenderedFeed[]): Promise<PublishReport> {
  const report: PublishReport = { written: [], unchanged: [] };
  const staged: { abs: string; tmp: string; rel: string }[] = [];
  // Every path inside out/ before anything is touched.
  const targets = files.map((f) => ({ f, abs: resolveInside(outDir, f.path) }));
  // Every target on the real file system before anything is staged (NotRegularError: exit 73).
  // A symbolic link where a file should be is replaced by the rename, never read or followed.
  const links = await checkTargets(outDir, files.map((f) => f.path));
  try {
    for (const { f, abs } of targets) {
      const body = Buffer.from(f.body, 'utf8');
      if (!links.has(f.path) && (await unchanged(abs, body))) {
        report.unchanged.push(f.path);
        continue;
      }
      try {
        staged.push({ abs, tmp: await stage(abs, body), rel: f.path });
      } catch (err) {
        throw new PublishError(path.join(outDir, f.path), err as NodeJS.ErrnoException);
      }
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw err;
  }
  const dirs = new Set<string>();
  for (const [i, s] of staged.entries()) {
    try {
      await rename(s.tmp, s.abs);
    } catch (err) {
      // Only a file system turned read-only or failing gets here: keep no temp behind.
      await Promise.all(staged.slice(i).map((t) => rm(t.tmp, { force: true }).catch(() => {})));
      throw new PublishError(path.join(outDir, s.rel), err as NodeJS.ErrnoException, report.written);
    }
    dirs.add(path.dirname(s.abs));
    report.written.push(s.rel);
  }
  for (const d of dirs) {
    try {
      await fsyncDir(d);
    } catch (err) {
      throw new PublishError(path.relative(process.cwd(), d) || '.', err as NodeJS.ErrnoException, report.written);
    }
  }
  return report;
}
