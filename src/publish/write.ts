// Writes output files: only those whose bytes changed, each through a temp file in the
// same folder, fsynced, then renamed over the old one, and the folder fsynced.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RenderedFeed } from '../types.js';

export interface PublishReport {
  written: string[];
  unchanged: string[];
}

export class PublishError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(`${file}: cannot write (${cause.code ?? cause.message})`);
  }
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
    const old = await readFile(abs);
    return old.equals(body);
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
    await handle.writeFile(body);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
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
  try {
    for (const f of files) {
      const abs = resolveInside(outDir, f.path);
      const body = Buffer.from(f.body, 'utf8');
      if (await unchanged(abs, body)) {
        report.unchanged.push(f.path);
        continue;
      }
      try {
        staged.push({ abs, tmp: await stage(abs, body), rel: f.path });
      } catch (err) {
        throw new PublishError(f.path, err as NodeJS.ErrnoException);
      }
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw err;
  }
  const dirs = new Set<string>();
  for (const s of staged) {
    await rename(s.tmp, s.abs);
    dirs.add(path.dirname(s.abs));
    report.written.push(s.rel);
  }
  for (const d of dirs) await fsyncDir(d);
  return report;
}
