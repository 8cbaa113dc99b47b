// Issue 9, point 3: nothing outside out/, nothing but regular files. Checked on the real file
// system: a symbolic link to a folder anywhere under out/ is refused (73) and never followed; a
// link where a feed file should be is replaced by a real file (its target untouched); a FIFO,
// a folder or a socket-like thing where a feed, the lock or a cache file should be is refused
// at once with 73 naming it, before any file is replaced, and a FIFO is never read (no hang).
// A full disk while taking the lock leaves nothing behind.
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, generateItems, makeSite, removeSite, snapshot, writeItems, type Site } from './helpers.js';


const PRELOAD = fileURLToPath(new URL('./preload/faults.mjs', import.meta.url));
let site: Site;
let outside: string;
let targets: string[];
const good = generateItems(30, 'v1', { tags: ['Harbour', 'Ferries'] });

beforeAll(async () => {
  await freezeDist();
  site = await makeSite('tags: [Harbour, Ferries]\narchive:\n  enabled: true\n');
  await writeItems(site.items, good);
  outside = path.join(site.root, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'keep.txt'), 'not ours\n');
  const first = await cli(buildArgs(site));
  expect(first.code, first.stderr).toBe(0);
  targets = [...(await snapshot(site.out)).keys()].sort();
});
afterAll(() => removeSite(site));

/** Every regular file in out/ as bytes (a planted FIFO is listed, never read), and what is outside. */
async function state() {
  const out = new Map<string, string>();
  for (const e of await readdir(site.out, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(site.out, path.join(e.parentPath, e.name));
    out.set(rel, e.isFile() ? (await readFile(path.join(site.out, rel))).toString('base64') : e.isFIFO() ? 'fifo' : e.isDirectory() ? 'dir' : 'other');
  }
  return { out, outside: (await readdir(outside)).sort() };
}

const NOT_REGULAR = ['fifo', 'folder'] as const;
function plant(abs: string, kind: (typeof NOT_REGULAR)[number]): void {
  if (kind === 'fifo') execFileSync('mkfifo', [abs]);
  else execFileSync('mkdir', [abs]);
}

describe('a FIFO or folder where a feed file should be', () => {
  it('is refused with 73 naming it before anything is replaced, for any target', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.constantFrom(...NOT_REGULAR), async (rel, kind) => {
        const abs = path.join(site.out, rel);
        const saved = await readFile(abs);
        await rm(abs);
        plant(abs, kind);
        const before = await state();
        // Changed items: every feed document would be rewritten.
        await writeItems(site.items, generateItems(30, `v-${rel}-${kind}`, { tags: ['Harbour', 'Ferries'] }));
        const run = await cli(buildArgs(site));
        expect(run.code, run.stderr).toBe(73);
        expect(run.stderr).toContain(`${abs}: ${kind === 'fifo' ? 'a FIFO (named pipe)' : 'a folder'} where a feed file should be`);
        expect(await state()).toEqual(before);
        expect((await lstat(abs)).isFile()).toBe(false);
        await rm(abs, { recursive: true });
        await writeFile(abs, saved);
        await writeItems(site.items, good);
      }),
      { numRuns: 6 },
    );
  });
});

describe('symbolic links under out/', () => {
  it('a link to a folder outside is refused (73) and never followed', async () => {
    await rm(path.join(site.out, 'tags/ferries'), { recursive: true });
    await symlink(outside, path.join(site.out, 'tags/ferries'));
    await writeItems(site.items, generateItems(30, 'v2', { tags: ['Harbour', 'Ferries'] }));
    const before = await state();
    const run = await cli(buildArgs(site));
    expect(run.code, run.stderr).toBe(73);
    expect(run.stderr).toContain(`${path.join(site.out, 'tags/ferries')}: a symbolic link where a folder of feeds should be`);
    expect(await state()).toEqual(before);
    expect(await readdir(outside)).toEqual(['keep.txt']);
    await rm(path.join(site.out, 'tags/ferries'));
  });

  it('a link where a feed file should be is replaced by a real file; its target is untouched', async () => {
    const target = path.join(outside, 'keep.txt');
    await rm(path.join(site.out, 'rss.xml'));
    await symlink(target, path.join(site.out, 'rss.xml'));
    const run = await cli(buildArgs(site));
    expect(run.code, run.stderr).toBe(0);
    expect((await lstat(path.join(site.out, 'rss.xml'))).isFile()).toBe(true);
    expect(feedIds('rss.xml', await readFile(path.join(site.out, 'rss.xml'))).length).toBeGreaterThan(0);
    expect(await readFile(target, 'utf8')).toBe('not ours\n');
  });
});

describe('the lock and the cache', () => {
  it.each(NOT_REGULAR)('a %s where the lock should be: 73 naming it, nothing written, left as it was', async (kind) => {
    const lock = path.join(site.out, '.wirefeed.lock');
    plant(lock, kind);
    await writeItems(site.items, generateItems(30, `lock-${kind}`, { tags: ['Harbour', 'Ferries'] }));
    const before = await state();
    const run = await cli(buildArgs(site));
    expect(run.code, run.stderr).toBe(73);
    expect(run.stderr).toContain(`${lock}: ${kind === 'fifo' ? 'a FIFO (named pipe)' : 'a folder'} where the lock should be`);
    expect(await state()).toEqual(before);
    expect((await readdir(site.out)).filter((n) => n.startsWith('.wirefeed.lock.'))).toEqual([]);
    await rm(lock, { recursive: true });
  });

  it.each(NOT_REGULAR)('a %s where a cache file should be: 73 naming it, nothing written', async (kind) => {
    const cache = path.join(site.root, 'cache');
    const warm = await cli([...buildArgs(site), '--cache', cache]);
    expect(warm.code, warm.stderr).toBe(0);
    // The cache keeps its files in a folder named by a digest of the site: the run state is in it.
    const shard = (await readdir(cache, { recursive: true })).map((n) => path.join(cache, n)).find((n) => n.endsWith('run.json'))!;
    await rm(shard);
    plant(shard, kind);
    await writeItems(site.items, generateItems(30, `cache-${kind}`, { tags: ['Harbour', 'Ferries'] }));
    const before = await state();
    const run = await cli([...buildArgs(site), '--cache', cache]);
    expect(run.code, run.stderr).toBe(73);
    expect(run.stderr).toContain(`${shard}: ${kind === 'fifo' ? 'a FIFO (named pipe)' : 'a folder'} where a cache file should be`);
    expect(await state()).toEqual(before);
    await rm(cache, { recursive: true });
  });

  it('a full disk while the lock is taken: 73 saying ENOSPC, no lock and no record left behind', async () => {
    const before = await state();
    const run = await cli(buildArgs(site), { node: ['--import', PRELOAD], env: { WIREFEED_FAULT_ENOSPC: 'wirefeed.lock' } });
    expect(run.code, run.stderr).toBe(73);
    expect(run.stderr).toMatch(/\.wirefeed\.lock: cannot take the lock \(ENOSPC\)/);
    expect(await state()).toEqual(before);
    expect((await readdir(site.out)).filter((n) => n.startsWith('.wirefeed'))).toEqual([]);
  });
});
