// Publication.commit syncs every folder it renamed into, all at once. A folder whose sync
// fails (EIO: the disk is failing) is named, the first in the order the files were added
// whichever sync fails first, with every file already in place reported as switched.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

/** Folders (absolute) whose sync fails, and each folder that was synced. */
const failing = new Map<string, number>();
const synced: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (p: string, flags?: string, mode?: number) => {
    const handle = await fs.open(p, flags, mode);
    if (flags !== 'r') return handle;
    const delay = failing.get(path.resolve(p));
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'sync')
          return async () => {
            if (delay === undefined) {
              synced.push(path.resolve(p));
              return;
            }
            // The later folder fails first: the error must still name the earlier one.
            await new Promise((r) => setTimeout(r, delay));
            throw Object.assign(new Error(`EIO: i/o error, fsync '${p}'`), { code: 'EIO' });
          };
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }) as typeof fs.open;
  return { ...fs, open, default: { ...fs, open } };
});

const { Publication, PublishError } = await import('../../src/publish/write.js');

let out: string;
beforeEach(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'wirefeed-folder-sync-'));
  failing.clear();
  synced.length = 0;
});
afterEach(() => rm(out, { recursive: true, force: true }));

const files = ['rss.xml', 'tags/energy/rss.xml', 'archive/2026-11/rss.xml', 'tags/energy/archive/2026-11/rss.xml'];

async function publish(): Promise<unknown> {
  const pub = await Publication.open(out, files);
  for (const f of files) await pub.add({ path: f, body: `<rss>${f}</rss>` });
  return pub.commit().catch((err: unknown) => err);
}

it('syncs each folder it renamed into once', async () => {
  const report = await publish();
  expect(report).toEqual({ written: files, unchanged: [] });
  expect([...synced].sort()).toEqual([...new Set(files.map((f) => path.dirname(path.join(out, f))))].sort());
});

it('names the first failing folder in the order the files were added, every file already in place', async () => {
  failing.set(path.join(out, 'tags/energy'), 30);
  failing.set(path.join(out, 'tags/energy/archive/2026-11'), 0);
  const err = await publish();
  expect(err).toBeInstanceOf(PublishError);
  const e = err as InstanceType<typeof PublishError>;
  expect(path.resolve(e.file)).toBe(path.join(out, 'tags/energy'));
  expect(e.message).toMatch(/cannot write \(EIO: input\/output error\)$/);
  expect(e.switched).toEqual(files);
  // The renames are done: the new files are in place, whatever the sync said.
  for (const f of files) expect(await readFile(path.join(out, f), 'utf8')).toBe(`<rss>${f}</rss>`);
  // Every folder that did not fail was synced all the same, those after the failing one too.
  expect([...synced].sort()).toEqual([out, path.join(out, 'archive/2026-11')].sort());
});

it('names the first folder when it is the one that fails', async () => {
  failing.set(out, 0);
  const err = await publish();
  expect(err).toBeInstanceOf(PublishError);
  expect(path.resolve((err as InstanceType<typeof PublishError>).file)).toBe(out);
});
