// Writes output files: only those whose bytes changed, each through a temp file in the
// same folder, fsynced, then renamed over the old one, and the folder fsynced.
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { renameSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutSurvey } from './survey.js';
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
 * out/'s mark of a publication in progress: written before its first temp file, removed once
 * none is left. A run stopped before it could clear its temps (a signal, a crash, a power cut)
 * leaves it, so the next run knows to look for them in every folder.
 */
export const STAGING_MARK = '.wirefeed.staging';

/**
 * Remove the temp files a stopped run left in out/: in every folder when that run left its
 * staging mark or (`lockLeft`) its lock, else only the lock's own records in out/ itself (what
 * a run killed while taking the lock leaves), so that a run after a clean one does not walk an
 * archive of 100,000 documents; then the mark. Call only while holding the lock: another live
 * run's temps look the same.
 */
export async function removeStrayTemps(outDir: string, lockLeft = true): Promise<string[]> {
  const mark = path.join(outDir, STAGING_MARK);
  const marked = await lstat(mark).then(
    () => true,
    () => false,
  );
  const deep = lockLeft || marked;
  const removed: string[] = [];
  const visit = async (e: Dirent, abs: string, rel: string) => {
    if (TEMP_NAME.test(e.name) || (rel === e.name && pendingIsStale(e.name))) {
      await rm(abs, { force: true });
      removed.push(rel);
    }
  };
  if (deep) await walkOut(outDir, true, visit);
  else {
    const root = path.resolve(outDir);
    for (const e of await readdir(root, { withFileTypes: true }).catch(() => [])) if (!e.isDirectory()) await visit(e, path.join(root, e.name), e.name);
  }
  if (marked) await rm(mark, { force: true });
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
export async function removeStaleArchives(outDir: string, keep: ReadonlySet<string>, survey?: OutSurvey): Promise<string[]> {
  const removed: string[] = [];
  const goes = (rel: string) => !keep.has(rel) && stale(rel);
  const remove = async (abs: string, rel: string) => {
    await rm(abs, { force: true });
    removed.push(rel);
  };
  const emptied = async (abs: string, rel: string) => {
    if (removed.some((r) => r.startsWith(`${rel}/`)) && ARCHIVE_DOC.test(`${rel}/feed.json`)) await rmdir(abs).catch(() => {});
  };
  if (survey) {
    // Taken under this lock before the publication, whose files are all in `keep`: out/ as it is,
    // without walking it again. Most of its files stay: only the stale ones cost a path and an await.
    const root = path.resolve(outDir);
    for (const rel of survey.names) if (goes(rel)) await remove(path.join(root, rel), rel);
    if (removed.length > 0) for (const rel of survey.dirs) await emptied(path.join(root, rel), rel);
  } else await walkOut(outDir, false, async (e, abs, rel) => (e.isFile() && goes(rel) ? remove(abs, rel) : undefined), emptied);
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

/**
 * Write one file's new bytes to a synced temp file beside it; returns the temp path. `folders`:
 * the folders made so far, each made once for all its files (a cold sample job stages 11,890
 * files into 311 folders, and every call took a turn of the thread pool the syncs wait for).
 */
export async function stage(abs: string, body: Buffer, folders = new Map<string, Promise<unknown>>()): Promise<string> {
  const dir = path.dirname(abs);
  let made = folders.get(dir);
  if (!made) folders.set(dir, (made = mkdir(dir, { recursive: true })));
  await made;
  const tmp = path.join(dir, `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
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

/** Renames between two turns of the event loop (commit): a few milliseconds of them. */
const RENAMES_AT_ONCE = 64;

/** Files staged at once: enough to keep the file system's sync queue full, few enough that their bytes are little memory. */
const STAGING = 16;
/** And their bytes at most (after the first): an archive's month pages at 100,000 stories are megabytes each. */
const STAGING_BYTES = 32 * 1024 * 1024;

/**
 * A publication in progress: every target checked first (open), then each file staged as it
 * comes (add: a document need not wait in memory for the others), then all renamed into place
 * together (commit), so the formats of a feed switch together and a failed write leaves every
 * old file as it was (abort, or a failing add, removes what was staged).
 */
export class Publication {
  readonly report: PublishReport = { written: [], unchanged: [] };
  private readonly staged: { abs: string; tmp: string; rel: string }[] = [];

  private constructor(
    private readonly outDir: string,
    private readonly links: ReadonlySet<string>,
    /** Targets that were not there when checked: staged without reading what is not there (under the lock, none appears). */
    private readonly absent: ReadonlySet<string>,
  ) {}

  /** `paths`: every file this publication may write (a file not named here may not be added). */
  static async open(outDir: string, paths: readonly string[]): Promise<Publication> {
    // Every path inside out/ before anything is touched.
    for (const p of paths) resolveInside(outDir, p);
    // Every target on the real file system before anything is staged (NotRegularError: exit 73).
    // A symbolic link where a file should be is replaced by the rename, never read or followed.
    const { links, absent } = checkTargets(outDir, paths);
    return new Publication(outDir, links, absent);
  }

  /** Files being staged now, and the first failure among them. */
  private readonly pending = new Set<Promise<void>>();
  private pendingBytes = 0;
  private failure?: { index: number; error: PublishError };

  /**
   * Stage one file's bytes, unless the file already holds them. Up to STAGING files are written
   * and synced at once (a file system syncs several files at about the cost of one): this waits
   * only for room, and throws the first failure of any file added before.
   */
  async add(file: { path: string; body: string | Buffer }): Promise<void> {
    await this.rethrow();
    const abs = resolveInside(this.outDir, file.path);
    const index = this.addedOrder.push(file.path) - 1;
    const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
    this.pendingBytes += body.length;
    const job = this.stageOne(abs, file.path, body, index).finally(() => {
      this.pending.delete(job);
      this.pendingBytes -= body.length;
    });
    this.pending.add(job);
    while ((this.pending.size >= STAGING || (this.pendingBytes > STAGING_BYTES && this.pending.size > 1)) && !this.failure) await Promise.race(this.pending);
    await this.rethrow();
  }

  /**
   * After a failure: once every file in flight has settled, the failure of the first file in
   * the order they were added (not the first to fail: the same run names the same file).
   */
  private async rethrow(): Promise<void> {
    if (!this.failure) return;
    await this.settle();
    throw this.failure.error;
  }

  private async stageOne(abs: string, rel: string, body: Buffer, index: number): Promise<void> {
    try {
      if (!this.links.has(rel) && !this.absent.has(rel) && (await unchanged(abs, body))) {
        this.unchangedPaths.push(rel);
        return;
      }
      await (this.marked ??= writeFile(path.join(this.outDir, STAGING_MARK), ''));
      this.staged.push({ abs, tmp: await stage(abs, body, this.folders), rel });
    } catch (err) {
      if (!this.failure || index < this.failure.index) this.failure = { index, error: new PublishError(path.join(this.outDir, rel), err as NodeJS.ErrnoException) };
    }
  }

  private readonly unchangedPaths: string[] = [];
  /** The folders staged into so far (stage). */
  private readonly folders = new Map<string, Promise<unknown>>();
  private readonly addedOrder: string[] = [];
  /** The staging mark, written before the first temp file (see STAGING_MARK). */
  private marked?: Promise<void>;

  /** No temp of this publication is left: its staging mark goes (kept when a temp could not be removed). */
  private async unmark(clean: boolean): Promise<void> {
    if (!this.marked || !clean) return;
    await this.marked.catch(() => {});
    await rm(path.join(this.outDir, STAGING_MARK), { force: true }).catch(() => {});
  }

  /** Every file added is staged (or failed). */
  private async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Remove every staged temp file: nothing of this publication is left behind. */
  async abort(): Promise<void> {
    await this.settle();
    const removed = await Promise.all(this.staged.splice(0).map((s) => rm(s.tmp, { force: true }).then(() => true, () => false)));
    await this.unmark(removed.every(Boolean));
  }

  /** Rename every staged file into place, then sync their folders. */
  async commit(): Promise<PublishReport> {
    await this.settle();
    if (this.failure) {
      await this.abort();
      throw this.failure.error;
    }
    const report = this.report;
    // In the order they were added, whatever order their staging finished in.
    const order = new Map(this.addedOrder.map((p, i) => [p, i]));
    report.unchanged.push(...this.unchangedPaths.sort((a, b) => order.get(a)! - order.get(b)!));
    const staged = this.staged.splice(0).sort((a, b) => order.get(a.rel)! - order.get(b.rel)!);
    const dirs = new Set<string>();
    // One rename after another, in order, synchronously: through the promise API each waited on
    // the thread pool, and a cold sample job renames 11,890 files (about a third longer, measured).
    // The event loop gets a turn every RENAMES_AT_ONCE, so that a SIGTERM is still handled at
    // once (cli.ts: the lock given back, the temps left for the next run to clear).
    for (const [i, s] of staged.entries()) {
      if (i > 0 && i % RENAMES_AT_ONCE === 0) await new Promise((r) => setImmediate(r));
      try {
        renameSync(s.tmp, s.abs);
      } catch (err) {
        // Only a file system turned read-only or failing gets here: keep no temp behind.
        const removed = await Promise.all(staged.slice(i).map((t) => rm(t.tmp, { force: true }).then(() => true, () => false)));
        await this.unmark(removed.every(Boolean));
        throw new PublishError(path.join(this.outDir, s.rel), err as NodeJS.ErrnoException, report.written);
      }
      dirs.add(path.dirname(s.abs));
      report.written.push(s.rel);
    }
    await this.unmark(true);
    // All at once: a journaling file system commits the folders' renames together, where one
    // sync after another waited for a journal commit each. The first failure in folder order is the one named.
    const folders = [...dirs];
    const synced = await Promise.allSettled(folders.map((d) => fsyncDir(d)));
    const failed = synced.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) {
      const d = folders[failed]!;
      throw new PublishError(path.relative(process.cwd(), d) || '.', (synced[failed] as PromiseRejectedResult).reason as NodeJS.ErrnoException, report.written);
    }
    return report;
  }
}

/** Publish files, all at once (see Publication). */
export async function publish(outDir: string, files: readonly RenderedFeed[]): Promise<PublishReport> {
  const pub = await Publication.open(outDir, files.map((f) => f.path));
  try {
    for (const f of files) await pub.add(f);
  } catch (err) {
    await pub.abort();
    throw err;
  }
  return pub.commit();
}
